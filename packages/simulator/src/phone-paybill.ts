/**
 * The virtual phone's "Pay by Paybill" form, like the M-Pesa menu (Lipa na M-Pesa > Pay Bill):
 * business number, account number, amount, PIN. Sending it pays the simulated Daraja shortcode
 * as a C2B payment, so the merchant's validation and confirmation URLs hear it, or, when the
 * business number is a payment-apps paybill app's (600984 in the sandbox), that app, whose
 * webhook tells the merchant.
 */
import { ValidationError } from '@lipwa/core';
import type { C2bPayment } from './daraja/c2b-engine.js';
import { escapeHtml } from './html.js';

/** PIN 0000 is the wrong PIN here too: nothing is paid. */
export const PAYBILL_WRONG_PIN = '0000';

export function renderPaybillForm(msisdn: string | undefined): string {
  return `<section aria-label="Pay by Paybill" id="paybill">
  <h2>Pay by Paybill</h2>
  <form method="post" action="/phone/paybill">
    <label>Phone number <input name="phone" inputmode="numeric" pattern="254[17][0-9]{8}" required value="${escapeHtml(msisdn ?? '254708374149')}"></label>
    <label>Business number <input name="businessNumber" inputmode="numeric" pattern="[0-9]{5,7}" required></label>
    <label>Account number <input name="accountNumber" maxlength="20" required></label>
    <label>Amount <input name="amount" inputmode="numeric" pattern="[0-9]{1,6}" required></label>
    <label>M-Pesa PIN <input name="pin" type="password" inputmode="numeric" pattern="[0-9]{4}" maxlength="4" minlength="4" required autocomplete="off"></label>
    <button type="submit">Pay</button>
  </form>
</section>`;
}

function field(body: Record<string, unknown>, name: string, pattern: RegExp, what: string): string {
  const value = typeof body[name] === 'string' ? (body[name] as string).trim() : '';
  if (!pattern.test(value)) {
    throw new ValidationError('invalid_field', `${what}.`, { details: { field: name } });
  }
  return value;
}

export interface PaybillForm {
  readonly payment: C2bPayment;
  readonly pin: string;
}

export function parsePaybillForm(body: unknown): PaybillForm {
  const form = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const phone = field(form, 'phone', /^254[17]\d{8}$/, 'The phone number is 2547XXXXXXXX');
  const shortcode = field(form, 'businessNumber', /^\d{5,7}$/, 'The business number is 5-7 digits');
  const account = field(
    form,
    'accountNumber',
    /^[A-Za-z0-9 _-]{1,20}$/,
    'The account number is 1-20 letters or digits',
  );
  const amount = Number(field(form, 'amount', /^\d{1,6}$/, 'The amount is whole shillings'));
  if (amount < 1)
    throw new ValidationError('invalid_field', 'The amount is at least KES 1.', {
      details: { field: 'amount' },
    });
  const pin = field(form, 'pin', /^\d{4}$/, 'The M-Pesa PIN is exactly four digits');
  return {
    payment: { shortcode, phone, amount, billRefNumber: account, till: false },
    pin,
  };
}
