import { randomInt } from 'node:crypto';
import { nairobiParts } from './daraja-time.js';

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * An M-Pesa receipt number: 10 characters, the first three encoding the Nairobi date. Year:
 * A is 2006 (so N is 2019, T is 2025); month: A is January; day: 1-9 as digits, then A is 10
 * up to V for 31. `NLJ7RT61SV` is 19 December 2019.
 */
export function receiptNumber(
  epochMs: number,
  random: (max: number) => number = randomInt,
): string {
  const { year, month, day } = nairobiParts(epochMs);
  const yearIndex = Math.min(Math.max(year - 2006, 0), 25);
  const yearLetter = String.fromCharCode(65 + yearIndex);
  const monthLetter = String.fromCharCode(64 + month);
  const dayChar = day < 10 ? String(day) : String.fromCharCode(65 + day - 10);
  let rest = '';
  for (let i = 0; i < 7; i++) rest += alphabet[random(alphabet.length)];
  return `${yearLetter}${monthLetter}${dayChar}${rest}`;
}
