/**
 * English for the phone entry: in the main file with the other languages' (`language-tables.ts`).
 * Everything else is in `en-payment.ts`; the skeleton's words in `first.ts`.
 */
import type { EntryTable } from '../strings.js';

const strings: EntryTable = {
  payTo: 'Pay {merchant}',
  phoneLabel: 'M-Pesa phone number',
  phoneHint: 'For example 0712 345 678',
  payButton: 'Pay {amount}',
  methodsLegend: 'Choose how to pay',
  continueTo: 'Continue to {name}',
  redirectLink: 'Continue to pay',
  sendingHeading: 'Sending the payment request…',
  sendingBody: 'This takes a few seconds.',
};

export default strings;
