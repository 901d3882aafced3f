// The newsletter's three routes, for the site server's forms token only (src/api-tokens.ts): a
// sign-up, and the confirm and unsubscribe links' signed tokens. Nothing here lists or reads
// subscribers: they are seen in the admin (Nyhedsbrevets abonnenter) and nowhere else.
export default {
  routes: [
    { method: 'POST', path: '/subscribers', handler: 'subscriber.signUp' },
    { method: 'POST', path: '/subscribers/confirm', handler: 'subscriber.confirm' },
    { method: 'POST', path: '/subscribers/unsubscribe', handler: 'subscriber.unsubscribe' },
  ],
};
