import type { StrapiApp } from '@strapi/strapi/admin';
import { DateTimeInput } from './components/DateTimeInput';
import { NewsletterPanel } from './components/NewsletterPanel';
import { PublicationPanel } from './components/PublicationPanel';
import { ScheduledDate } from './components/ScheduledDate';
import { SlugFromTitle } from './components/SlugFromTitle';
import { SubscriberExport } from './components/SubscriberExport';
import { da } from './translations/da';

/** Where Strapi keeps the chosen interface language and the guided tour's state (none on a first visit). */
const LANGUAGE_KEY = 'strapi-admin-language';
const GUIDED_TOUR_KEY = 'STRAPI_GUIDED_TOUR';

interface ListHeader {
  name: string;
  cellFormatter?: (row: Record<string, unknown>) => React.ReactNode;
}

export default {
  config: {
    // The editor works in Danish; English stays available as Strapi's default.
    locales: ['da'],
    translations: { da },
  },
  register(app: StrapiApp) {
    app.addFields({ type: 'datetime', Component: DateTimeInput as React.ComponentType });
    // Danish for anyone who has not picked a language: the first administrator and invited
    // co-writers alike. A choice made in the profile (or on the login page) is kept.
    if (!window.localStorage.getItem(LANGUAGE_KEY)) window.localStorage.setItem(LANGUAGE_KEY, 'da');
    // Strapi's guided tour teaches developers to build content types and API tokens, in English;
    // editors have docs/redaktoer.md. The profile's "Start rundvisningen forfra" brings it back.
    if (!window.localStorage.getItem(GUIDED_TOUR_KEY))
      window.localStorage.setItem(GUIDED_TOUR_KEY, JSON.stringify({ enabled: false }));
  },
  bootstrap(app: StrapiApp) {
    const contentManager = app.getPlugin('content-manager');
    contentManager.injectComponent('editView', 'right-links', {
      name: 'slug-from-title',
      Component: SlugFromTitle,
    });
    contentManager.injectComponent('listView', 'actions', {
      name: 'subscriber-export',
      Component: SubscriberExport,
    });
    (contentManager.apis as { addEditViewSidePanel(panels: unknown[]): void }).addEditViewSidePanel(
      [PublicationPanel, NewsletterPanel],
    );
    app.registerHook(
      'Admin/CM/pages/ListView/inject-column-in-table',
      ({ displayedHeaders, layout }: { displayedHeaders: ListHeader[]; layout: unknown }) => ({
        layout,
        displayedHeaders: displayedHeaders.map((header) =>
          header.name === 'date'
            ? {
                ...header,
                cellFormatter: (row: Record<string, unknown>) => (
                  <ScheduledDate date={row.date} status={row.status} />
                ),
              }
            : header,
        ),
      }),
    );
  },
};
