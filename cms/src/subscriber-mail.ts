// The mail that asks a reader to confirm a newsletter sign-up (double opt-in): Danish, plain text
// and the same in simple HTML, with the signed link to the site's confirm page. Sent through the
// email plugin like every mail of the CMS (src/mail.ts).
import { escapeHtml, UNCONFIRMED_DAYS } from '@blog/shared';

export function confirmationMail(to: string, siteTitle: string, confirmUrl: string) {
  const lines = [
    'Hej',
    '',
    `Tak, fordi du vil have nye indlæg fra ${siteTitle} på mail. Bekræft tilmeldingen her:`,
    '',
    confirmUrl,
    '',
    `Har du ikke bedt om det, så se bort fra mailen: en tilmelding, der ikke bliver bekræftet, slettes efter ${UNCONFIRMED_DAYS} dage.`,
  ];
  return {
    to,
    subject: `Bekræft din tilmelding til ${siteTitle}`,
    text: `${lines.join('\n')}\n`,
    html:
      `<p>Hej</p>\n<p>Tak, fordi du vil have nye indlæg fra ${escapeHtml(siteTitle)} på mail.</p>\n` +
      `<p><a href="${escapeHtml(confirmUrl)}">Bekræft tilmeldingen</a></p>\n` +
      `<p>Har du ikke bedt om det, så se bort fra mailen: en tilmelding, der ikke bliver bekræftet, slettes efter ${UNCONFIRMED_DAYS} dage.</p>\n`,
  };
}
