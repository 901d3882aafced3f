import { factories } from '@strapi/strapi';
import { checkInquiry, INQUIRY_UID, isSitePath } from '@blog/shared';
import { requestData } from '../../../request-data';
import type { InquiryService, Submission } from '../services/inquiry';

/**
 * `POST /api/inquiries` (the contact form's token only): `{ data: { name, email, company, phone,
 * message, receivedAt?, submissionId?, page? } }`. The fields are checked by the same rules as the
 * form (400 with a Danish message per field); the answer says only that it was kept, never what
 * is stored.
 */
export default factories.createCoreController(INQUIRY_UID, ({ strapi }) => ({
  async create(ctx) {
    const data = requestData(ctx);
    const checked = checkInquiry(data);
    if (!checked.ok) {
      ctx.status = 400;
      ctx.body = {
        data: null,
        error: {
          status: 400,
          name: 'ValidationError',
          message: Object.values(checked.errors).join(' '),
          details: { errors: checked.errors },
        },
      };
      return;
    }
    const submission: Submission = {
      receivedAt: receivedAt(data.receivedAt),
      submissionId:
        typeof data.submissionId === 'string' && /^[\w-]{8,64}$/.test(data.submissionId)
          ? data.submissionId
          : null,
      page: isSitePath(data.page) ? data.page : null,
    };
    const inquiries = strapi.service(INQUIRY_UID) as unknown as InquiryService;
    const { documentId, duplicate } = await inquiries.receive(checked.inquiry, submission);
    ctx.status = duplicate ? 200 : 201;
    ctx.body = { data: { documentId } };
  },
}));

/** When the reader sent it: a time in the last 90 days, else now (a queue may deliver late). */
function receivedAt(value: unknown): Date {
  const now = Date.now();
  const date = typeof value === 'string' ? new Date(value) : null;
  const ok = date && !Number.isNaN(date.getTime());
  return ok && date.getTime() <= now + 60_000 && date.getTime() > now - 90 * 86_400_000
    ? date
    : new Date(now);
}
