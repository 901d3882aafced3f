import { clientAddress } from '@blog/shared';
import { cmsSettings } from '../cms-settings';

/** The headers a proxy sets about the original request (Koa reads them with server.proxy.koa). */
const FORWARDED_HEADERS = ['x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'forwarded'];

/**
 * First of all middlewares: the client's address for everything after (the admin's login limit
 * counts per e-mail, path and ctx.request.ip) is the one a trusted proxy (TRUSTED_PROXIES) put
 * last in X-Forwarded-For; from anyone else the forwarded headers are dropped, so a made-up
 * X-Forwarded-For cannot dodge the limit, nor a made-up X-Forwarded-Proto pass for HTTPS.
 */
export default () => {
  const proxies = cmsSettings().trustedProxies;
  return async (
    ctx: {
      req: { socket: { remoteAddress?: string }; headers: Record<string, unknown> };
      request: { ip: string };
    },
    next: () => Promise<void>,
  ) => {
    const peer = ctx.req.socket.remoteAddress ?? '';
    if (!proxies.trusts(peer)) {
      for (const header of FORWARDED_HEADERS) delete ctx.req.headers[header];
    }
    ctx.request.ip = clientAddress(
      peer,
      ctx.req.headers['x-forwarded-for'] as string | string[] | undefined,
      proxies,
    );
    await next();
  };
};
