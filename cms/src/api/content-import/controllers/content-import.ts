import type { Core } from '@strapi/strapi';
import type { ImportRecord } from '@blog/shared';
import type { UploadedFile } from '../services/content-import';

interface Context {
  request: { body?: unknown; files?: Record<string, UploadedFile | UploadedFile[]> };
  status: number;
  body: unknown;
}

const badRequest = (ctx: Context, message: string) => {
  ctx.status = 400;
  ctx.body = { data: null, error: { status: 400, name: 'ValidationError', message } };
};

const service = (strapi: Core.Strapi) => strapi.service('api::content-import.content-import');

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async entries(ctx: Context) {
    const body = (ctx.request.body ?? {}) as { records?: unknown; dryRun?: unknown };
    if (!Array.isArray(body.records) || body.records.length > 500)
      return badRequest(ctx, 'Send { "records": [ … ] } with at most 500 records.');
    ctx.body = {
      data: await service(strapi).entries(body.records as ImportRecord[], body.dryRun === true),
    };
  },

  async media(ctx: Context) {
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value : null);
    const key = text(body.key);
    if (!key || key.length > 255)
      return badRequest(ctx, 'A file needs its key (1–255 characters).');
    const file = ctx.request.files?.file;
    ctx.body = {
      data: await service(strapi).media(Array.isArray(file) ? file[0]! : (file ?? null), {
        key,
        alternativeText: text(body.alternativeText),
        caption: text(body.caption),
        dryRun: body.dryRun === 'true',
      }),
    };
  },
});
