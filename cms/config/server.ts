import { cmsSettings } from '../src/settings';

export default () => {
  const settings = cmsSettings();
  return {
    host: settings.host,
    port: settings.port,
    url: settings.publicUrl ?? '',
    app: { keys: settings.appKeys },
    // No calls home: no update check (telemetry is off in package.json and .env).
    logger: { updates: { enabled: false } },
  };
};
