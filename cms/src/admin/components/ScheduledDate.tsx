import { formatDanishDate, formatDanishDateTime } from '@blog/shared';
import { Typography } from '@strapi/design-system';

/** The list view's date cell: the date as readers see it, or when a scheduled entry comes on the site. */
export function ScheduledDate({ date, status }: { date: unknown; status: unknown }) {
  if (typeof date !== 'string' || !date) return <Typography textColor="neutral600">Ved udgivelse</Typography>;
  const when = new Date(date);
  if (status !== 'draft' && when > new Date()) {
    return (
      <Typography textColor="warning700" fontWeight="semiBold">
        Planlagt {formatDanishDateTime(when)}
      </Typography>
    );
  }
  return <Typography textColor="neutral800">{formatDanishDate(when)}</Typography>;
}
