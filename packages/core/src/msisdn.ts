/**
 * Kenyan mobile numbers (MSISDNs). Customers type numbers in many forms; providers want
 * `2547XXXXXXXX` or `2541XXXXXXXX`. This module is shared by the widget (inline validation)
 * and the server (the same rule, enforced), so it must stay dependency-free.
 */

import { type PhoneRejection, phoneRejectionMessages } from './phone-rejections.js';

export type { PhoneRejection } from './phone-rejections.js';

export type Msisdn = string & { readonly __brand: 'Msisdn' };

export type PhoneParseResult =
  | { ok: true; msisdn: Msisdn; carrier: 'safaricom' | 'other' }
  | { ok: false; reason: PhoneRejection; message: string };

/** `parseMsisdn` without the English message: what a client with its own language tables needs. */
export type PhoneCheckResult =
  | { ok: true; msisdn: Msisdn; carrier: 'safaricom' | 'other' }
  | { ok: false; reason: PhoneRejection };

// Safaricom's published ranges (0700-0729, 0740-0743, 0745, 0746, 0748, 0749, 0757-0759,
// 0768-0769, 0790-0799, 0110-0115). Numbers are portable, so this only informs, never blocks.
const safaricomPrefixes = /^(?:7(?:[01]\d|2\d|4[0-35689]|5[7-9]|6[89]|9\d)|11[0-5])/;

function reject(reason: PhoneRejection): PhoneCheckResult {
  return { ok: false, reason };
}

/**
 * Normalises any common way of writing a Kenyan mobile number to `2547XXXXXXXX` / `2541XXXXXXXX`.
 * Accepts `0712…`, `0110…`, `+254 712…`, `254712…`, `712…` (9 digits), `00254…`, with spaces,
 * dashes, dots and brackets. A refusal carries the English message (the server's 422 detail).
 */
export function parseMsisdn(input: string): PhoneParseResult {
  const result = checkMsisdn(input);
  return result.ok ? result : { ...result, message: phoneRejectionMessages[result.reason] };
}

/**
 * The same rule as `parseMsisdn`, refusals as a reason only: the widget words them from its own
 * language table, so a Swahili page downloads no English.
 */
export function checkMsisdn(input: string): PhoneCheckResult {
  const trimmed = input.trim();
  if (trimmed === '') return reject('empty');
  if (!/^\+?[\d\s\-.()]+$/.test(trimmed)) return reject('invalid_characters');
  const hasPlus = trimmed.startsWith('+');
  let digits = trimmed.replace(/\D/g, '');
  if (digits.startsWith('00')) digits = digits.slice(2);
  else if (hasPlus && !digits.startsWith('254')) return reject('not_kenyan');

  let national: string;
  if (digits.startsWith('254')) national = digits.slice(3);
  else if (digits.startsWith('0')) national = digits.slice(1);
  else if (digits.length === 9) national = digits;
  else if (digits.length > 9 && !hasPlus)
    return reject(digits.length > 12 ? 'too_long' : 'not_kenyan');
  else return reject(digits.length < 9 ? 'too_short' : 'too_long');

  // A leading zero after 254 (+254 0712…) is a common slip; tolerate it.
  if (digits.startsWith('2540')) national = national.slice(1);
  if (national.length < 9) return reject('too_short');
  if (national.length > 9) return reject('too_long');
  if (!/^[17]/.test(national)) return reject('not_mobile');

  const msisdn = `254${national}` as Msisdn;
  return { ok: true, msisdn, carrier: safaricomPrefixes.test(national) ? 'safaricom' : 'other' };
}

/** `254712345678` -> `2547•••••678`: enough to recognise, too little to misuse. Use it in every log. */
export function maskMsisdn(msisdn: string): string {
  const digits = msisdn.replace(/\D/g, '');
  if (digits.length < 7) return '•'.repeat(digits.length);
  return `${digits.slice(0, 4)}${'•'.repeat(digits.length - 7)}${digits.slice(-3)}`;
}

/** `254712345678` -> `0712 345 678`, the way Kenyans write it. */
export function formatMsisdn(msisdn: string): string {
  const national = msisdn.replace(/\D/g, '').replace(/^254/, '');
  return `0${national.slice(0, 3)} ${national.slice(3, 6)} ${national.slice(6)}`;
}
