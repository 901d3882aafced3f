import type { Core } from '@strapi/strapi';
import { checkSubscriberEmail, isSitePath, SUBSCRIBER_UID } from '@blog/shared';
import { describeMailError } from '../../../mail';
import { requestData } from '../../../request-data';
import { cmsSettings } from '../../../cms-settings';
import type { SubscriberService } from '../services/subscriber';

interface Context {
  request: { body?: unknown };
  status: number;
  body: unknown;
}

const fail = (ctx: Context, status: number, name: string, message: string) => {
  ctx.status = status;
  ctx.body = { data: null, error: { status, name, message } };
};

/**
 * `POST /api/subscribers` `{ data: { email, source? } }`: 202 whether the address was new, waiting
 * or already subscribed (the answer never tells); 400 with a Danish message for a bad address;
 * 503 when the confirm mail could not be sent (the reader may try again).
 * `POST /api/subscribers/confirm` and `/unsubscribe` `{ data: { token } }`: 200, or 404 for a
 * token that names no subscriber (a wrong, old or used link).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => strapi.service(SUBSCRIBER_UID) as unknown as SubscriberService;
  const tokenIn = (ctx: Context) => {
    const token = requestData(ctx).token;
    return typeof token === 'string' && token.length <= 200 ? token : '';
  };
  return {
    async signUp(ctx: Context) {
      const data = requestData(ctx);
      const checked = checkSubscriberEmail(data.email);
      if (!checked.ok) return fail(ctx, 400, 'ValidationError', checked.error);
      try {
        await service().signUp(checked.email, isSitePath(data.source) ? data.source : null);
      } catch (error) {
        strapi.log.error(
          `[subscribers] The confirm mail could not be sent: ${describeMailError(error, cmsSettings())}`,
        );
        return fail(ctx, 503, 'ServiceUnavailableError', 'The confirm mail could not be sent');
      }
      ctx.status = 202;
      ctx.body = { data: { mailed: true } };
    },

    async confirm(ctx: Context) {
      if ((await service().confirm(tokenIn(ctx))) === 'unknown')
        return fail(ctx, 404, 'NotFoundError', 'No sign-up has this link');
      ctx.body = { data: { confirmed: true } };
    },

    async unsubscribe(ctx: Context) {
      if ((await service().unsubscribe(tokenIn(ctx))) === 'unknown')
        return fail(ctx, 404, 'NotFoundError', 'No subscriber has this link');
      ctx.body = { data: { unsubscribed: true } };
    },
  };
};
