/**
 * Fetches the visitor's language in parts, each its own file in the script-tag build and its own
 * chunk in an app's bundle: only the language shown is downloaded.
 */
import type { EntryTable, Locale } from '../strings.js';

/** The phone entry's texts: requested in parallel with the session, before the field shows. */
export function loadEntryTable(locale: Locale): Promise<EntryTable> {
  return (locale === 'sw' ? import('./sw.js') : import('./en.js')).then((file) => file.default);
}

/**
 * Asks for the after-"Pay" texts alongside the after-"Pay" code, which reads them
 * (`payment-tables.ts`): the same file, fetched once, arrives with it instead of after it.
 */
export function prefetchPaymentTable(locale: Locale): void {
  (locale === 'sw' ? import('./sw-payment.js') : import('./en-payment.js')).catch(() => undefined);
}
