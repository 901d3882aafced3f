import { formatDanishDate, formatDanishDateTime } from '@blog/shared';
import { Typography } from '@strapi/design-system';
import { entryDate } from '../publication-state';

/** The list view's date cell: the date as readers see it, or when a scheduled entry comes on the site. */
export function ScheduledDate({ date, status }: { date: unknown; status: unknown }) {
  const when = entryDate(date);
  if (!when) return <Typography textColor="neutral600">Ved udgivelse</Typography>;
  if (status !== 'draft' && when > new Date()) {
    return (
      <Typography textColor="warning700" fontWeight="semiBold">
        Planlagt {formatDanishDateTime(when)}
      </Typography>
    );
  }
  return <Typography textColor="neutral800">{formatDanishDate(when)}</Typography>;
}
