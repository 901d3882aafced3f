import { cmsSettings } from '../src/cms-settings';

export default () => {
  const settings = cmsSettings();
  return {
    host: settings.host,
    port: settings.port,
    url: settings.publicUrl ?? '',
    // Behind a trusted proxy (TRUSTED_PROXIES) Koa takes the protocol and host it forwards, so the
    // admin's cookies are secure behind HTTPS; src/middlewares/trusted-proxy.ts drops those headers
    // from anyone else and sets the client's address.
    proxy: { koa: settings.trustedProxies.description !== 'none' },
    app: { keys: settings.appKeys },
    // No calls home: no update check (telemetry is off in package.json and .env).
    logger: { updates: { enabled: false } },
  };
};
