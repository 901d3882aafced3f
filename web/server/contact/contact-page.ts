// The live build's contact page, answered by the site server with its form rendered anew for each
// answer: a fresh signed stamp, and what the reader typed and what is wrong, when there is.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { renderContactForm, routes, type ContactFormState } from '@blog/shared';
import { builtPage } from '../forms/built-page.ts';
import { issueStamp } from '../forms/form-guard.ts';

export interface ContactPage {
  /** Answers with the page; false when the live build has none (the static files answer 404). */
  send(
    req: IncomingMessage,
    res: ServerResponse,
    headers: Record<string, string>,
    status: number,
    state: Partial<ContactFormState>,
  ): boolean;
}

/** `clientDir`: the live build's client folder; `secret` signs the stamps. */
export function contactPage(clientDir: () => string | null, secret: string): ContactPage {
  const page = builtPage(clientDir, routes.contact(), '<form class="contact-form"', '</form>');
  return {
    send: (req, res, headers, status, state) =>
      page.send(req, res, headers, status, ({ part }) =>
        renderContactForm({
          ...state,
          stamp: issueStamp(secret),
          // The site setting the page was built with.
          retentionMonths: Number(/data-retention-months="(\d+)"/.exec(part)?.[1] ?? 12),
        }),
      ),
  };
}
