/**
 * Kiswahili, as M-Pesa itself writes it to Kenyan customers, for the phone entry: in the main
 * file with the other languages' (`language-tables.ts`). Everything else is in `sw-payment.ts`.
 */
import type { EntryTable } from '../strings.js';

const strings: EntryTable = {
  payTo: 'Lipa {merchant}',
  phoneLabel: 'Nambari ya simu ya M-Pesa',
  phoneHint: 'Kwa mfano 0712 345 678',
  payButton: 'Lipa {amount}',
  methodsLegend: 'Chagua njia ya kulipa',
  continueTo: 'Endelea kwa {name}',
  redirectLink: 'Endelea kulipa',
  sendingHeading: 'Tunatuma ombi la malipo…',
  sendingBody: 'Hii inachukua sekunde chache.',
};

export default strings;
