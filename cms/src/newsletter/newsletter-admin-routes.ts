// The admin's routes for a post's newsletter (signed-in editors only, who may read posts):
// - GET  /newsletter/posts/:documentId       whether and how the post was mailed, and to how many;
// - POST /newsletter/posts/:documentId/test  the post's mail, as its draft reads now, to the
//   editor's own address ("[Prøve]" in the subject; its unsubscribe link names no one).
import type { Core } from '@strapi/strapi';
import { CONTENT_UIDS, SUBSCRIBER_UID, routes, type NewsletterStatus } from '@blog/shared';
import { cmsSettings } from '../cms-settings';
import { describeMailError } from '../mail';
import { DELIVERY_UID, ISSUE_UID, newsletterContext } from './newsletter-sender';
import { newsletterMail, type NewsletterPost } from './newsletter-mail';

interface AdminContext {
  params: { documentId: string };
  state: {
    user?: { email?: string };
    userAbility?: { can(action: string, subject: string): boolean };
  };
  status: number;
  body: unknown;
}

export function registerNewsletterAdminRoutes(strapi: Core.Strapi): void {
  const mayRead = (ctx: AdminContext) =>
    ctx.state.userAbility?.can('plugin::content-manager.explorer.read', CONTENT_UIDS.post) ?? false;
  const refuse = (ctx: AdminContext) => {
    ctx.status = 403;
    ctx.body = { error: { status: 403, name: 'ForbiddenError', message: 'Forbidden' } };
  };
  const config = { policies: ['admin::isAuthenticatedAdmin'] };

  strapi.server.routes({
    type: 'admin',
    prefix: '/newsletter',
    routes: [
      {
        method: 'GET',
        path: '/posts/:documentId',
        config,
        handler: (koa: unknown) => status(koa as AdminContext),
        info: { type: 'admin' },
      },
      {
        method: 'POST',
        path: '/posts/:documentId/test',
        config,
        handler: (koa: unknown) => sendTest(koa as AdminContext),
        info: { type: 'admin' },
      },
    ],
  });

  async function status(ctx: AdminContext) {
    if (!mayRead(ctx)) return refuse(ctx);
    const post = ctx.params.documentId;
    const issue = (await strapi.db.query(ISSUE_UID).findOne({ where: { post } })) as {
      recipients: number;
      createdAt: string;
      finishedAt: string | null;
    } | null;
    const count = (state: string | string[]) =>
      strapi.db.query(DELIVERY_UID).count({
        where: { issue: post, state: Array.isArray(state) ? { $in: state } : state },
      });
    const answer: NewsletterStatus = {
      subscribers: await strapi.db.query(SUBSCRIBER_UID).count({ where: { state: 'tilmeldt' } }),
      issue: issue && {
        recipients: issue.recipients,
        sent: await count('sendt'),
        waiting: await count(['venter', 'sender']),
        uncertain: await count('usikker'),
        failed: await count('fejlet'),
        startedAt: issue.createdAt,
        finishedAt: issue.finishedAt,
      },
    };
    ctx.body = { data: answer };
  }

  async function sendTest(ctx: AdminContext) {
    if (!mayRead(ctx)) return refuse(ctx);
    const to = ctx.state.user?.email;
    const post = (await strapi.documents('api::post.post').findOne({
      documentId: ctx.params.documentId,
      status: 'draft',
      populate: { author: { fields: ['name'] } },
    })) as unknown as NewsletterPost | null;
    if (!post || !to) {
      ctx.status = 404;
      ctx.body = { error: { status: 404, name: 'NotFoundError', message: 'No such post' } };
      return;
    }
    const settings = cmsSettings();
    const context = await newsletterContext(strapi);
    const mail = newsletterMail(
      { ...post, date: post.date ?? new Date().toISOString() },
      context,
    ).to(new URL(routes.newsletterUnsubscribe(), context.siteUrl).href);
    try {
      await strapi
        .plugin('email')
        .service('email')
        .send({ to, ...mail, subject: `[Prøve] ${mail.subject}` });
    } catch (error) {
      strapi.log.error(`[newsletter] A test mail failed: ${describeMailError(error, settings)}`);
      ctx.status = 503;
      ctx.body = {
        error: {
          status: 503,
          name: 'ServiceUnavailableError',
          message: describeMailError(error, settings),
        },
      };
      return;
    }
    strapi.log.info('[newsletter] A test mail went to the editor');
    ctx.body = { data: { to } };
  }
}
