import { DATED_TYPES } from '@blog/shared';
import { Typography } from '@strapi/design-system';
import { useForm } from '@strapi/strapi/admin';
import type { PanelComponent } from '@strapi/content-manager/strapi-admin';
import { publicationState } from '../publication-state';

/** The side panel "Udgivelse" on posts and opinions: tells a scheduled entry from a published one. */
export const PublicationPanel: PanelComponent = ({ model, meta, document }) => {
  const date = useForm(
    'PublicationPanel',
    (state) => (state.values as Record<string, unknown>).date,
  );
  if (!DATED_TYPES.has(model)) return null;
  const published = Boolean(
    document?.publishedAt || meta?.availableStatus?.some((status) => status.publishedAt),
  );
  return {
    title: 'Udgivelse',
    content: (
      <Typography variant="omega" textColor="neutral800">
        {publicationState(date, published)}
      </Typography>
    ),
  };
};
