import { CONTENT_UIDS, INQUIRY_UID, SUBSCRIBER_UID } from '@blog/shared';
import { authorView } from './author';
import { contactCtaView, linkView, navigationView, seoView } from './components';
import { inquiryView } from './inquiry';
import { opinionView } from './opinion';
import { pageView } from './page';
import { postView } from './post';
import { siteView } from './site';
import { subscriberView } from './subscriber';
import { tagView } from './tag';
import type { EditorView } from './view';

/** The admin's view of every content type and component, by uid. */
export const EDITOR_VIEWS: Record<string, EditorView> = {
  [CONTENT_UIDS.post]: postView,
  [CONTENT_UIDS.opinion]: opinionView,
  [CONTENT_UIDS.page]: pageView,
  [CONTENT_UIDS.author]: authorView,
  [CONTENT_UIDS.tag]: tagView,
  [CONTENT_UIDS.site]: siteView,
  [INQUIRY_UID]: inquiryView,
  [SUBSCRIBER_UID]: subscriberView,
  'shared.seo': seoView,
  'shared.link': linkView,
  'site.contact-cta': contactCtaView,
  'site.navigation': navigationView,
};

export type { EditorView, FieldView } from './view';
