import { UNCONFIRMED_DAYS } from '@blog/shared';
import type { EditorView } from './view';

/** The newsletter's subscribers: who confirmed, when and where they signed up. */
export const subscriberView: EditorView = {
  fields: {
    email: { label: 'E-mail', hint: 'Adressen, nye indlæg sendes til.' },
    // Not "status": the admin's lists show a column of that name as draft/published.
    state: {
      label: 'Status',
      hint: `Afventer: tilmeldt på sitet, men linket i bekræftelsesmailen er ikke brugt endnu (slettes efter ${UNCONFIRMED_DAYS} dage). Tilmeldt: bekræftet.`,
    },
    consentAt: {
      label: 'Bekræftet',
      hint: 'Hvornår læseren bekræftede tilmeldingen (samtykket).',
      readOnly: true,
    },
    signedUpAt: {
      label: 'Tilmeldt på sitet',
      hint: 'Hvornår formularen blev sendt.',
      readOnly: true,
    },
    source: {
      label: 'Tilmeldt fra',
      hint: 'Siden på sitet, formularen blev sendt fra.',
      readOnly: true,
    },
  },
  edit: [['email', 'state'], ['consentAt', 'signedUpAt'], ['source']],
  list: {
    columns: ['email', 'state', 'consentAt', 'source'],
    mainField: 'email',
    sortBy: 'consentAt',
    order: 'DESC',
    pageSize: 50,
  },
};
