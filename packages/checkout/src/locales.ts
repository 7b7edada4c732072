/**
 * Whole language tables, joined from their files, for code that wants every text at once: tests,
 * a server rendering a fallback, a merchant reading the defaults. The element itself never
 * imports this module: it fetches only its visitor's language, in parts (`i18n/load-tables.ts`).
 */

import enEntry from './i18n/en.js';
import enPayment from './i18n/en-payment.js';
import { firstStrings } from './i18n/first.js';
import swEntry from './i18n/sw.js';
import swPayment from './i18n/sw-payment.js';
import { type Locale, mergeStrings, resolveLocale, type Strings } from './strings.js';

function join(locale: Locale, entry: object, payment: object): Strings {
  return mergeStrings(mergeStrings(firstStrings[locale], entry), payment) as Strings;
}

export const en: Strings = join('en', enEntry, enPayment);
/** Kiswahili as M-Pesa itself writes it to Kenyan customers. */
export const sw: Strings = join('sw', swEntry, swPayment);

export const locales: Readonly<Record<Locale, Strings>> = { en, sw };

/** The table for `locale` (`sw-KE` falls back to `sw`, anything unknown to English). */
export function stringsFor(locale: string | undefined): Strings {
  return locales[resolveLocale(locale)];
}
