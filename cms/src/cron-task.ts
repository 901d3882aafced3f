import type { Core } from '@strapi/strapi';

/**
 * A task for Strapi's cron: a run still going (a slow mail server) is not started again beside
 * itself, and a failure is logged with `what` instead of thrown.
 */
export function cronTask(
  strapi: Core.Strapi,
  what: string,
  task: () => Promise<unknown>,
): () => Promise<unknown> {
  let running: Promise<unknown> | null = null;
  return () =>
    (running ??= task()
      .catch((error: Error) => strapi.log.error(`${what}: ${error.message}`))
      .finally(() => (running = null)));
}
