import { INQUIRY_LABELS } from '@blog/shared';
import type { EditorView } from './view';

/** Inquiries from the contact form: the newest first, with what to do about each. */
export const inquiryView: EditorView = {
  fields: {
    // Not "status": the admin's lists show a column of that name as draft/published.
    state: {
      label: 'Status',
      hint: 'Ny, til du har svaret; arkiveret, når den ikke kræver mere.',
    },
    receivedAt: {
      label: 'Modtaget',
      hint: 'Hvornår beskeden blev sendt fra sitet. Henvendelser slettes af sig selv efter den tid, der står under Sitet.',
    },
    name: { label: INQUIRY_LABELS.name, hint: 'Afsenderens navn, som skrevet i formularen.' },
    email: {
      label: INQUIRY_LABELS.email,
      hint: 'Afsenderens e-mailadresse. Svar hertil, eller svar på mailen om henvendelsen.',
    },
    company: { label: INQUIRY_LABELS.company, hint: 'Afsenderens virksomhed (frivillig).' },
    phone: { label: INQUIRY_LABELS.phone, hint: 'Afsenderens telefonnummer (frivilligt).' },
    message: { label: INQUIRY_LABELS.message, hint: 'Præcis som den blev skrevet.' },
    page: { label: 'Sendt fra', hint: 'Siden på sitet, formularen blev sendt fra.' },
    notifiedAt: {
      label: 'Mail sendt',
      hint: 'Hvornår mailen om henvendelsen blev sendt til dig. Tom: ikke sendt endnu (forsøges igen).',
      readOnly: true,
    },
  },
  edit: [
    ['state', 'receivedAt'],
    ['name', 'email'],
    ['company', 'phone'],
    ['message'],
    ['page', 'notifiedAt'],
  ],
  list: {
    columns: ['receivedAt', 'name', 'email', 'company', 'state'],
    mainField: 'name',
    sortBy: 'receivedAt',
    order: 'DESC',
    pageSize: 50,
  },
};
