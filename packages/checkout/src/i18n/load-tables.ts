/**
 * Fetches the visitor's after-"Pay" texts, their own file in the script-tag build and their own
 * chunk in an app's bundle: only the language shown is downloaded.
 */
import type { Locale } from '../strings.js';

/**
 * Asks for the after-"Pay" texts alongside the after-"Pay" code, which reads them
 * (`payment-tables.ts`): the same file, fetched once, arrives with it instead of after it.
 */
export function prefetchPaymentTable(locale: Locale): void {
  (locale === 'sw' ? import('./sw-payment.js') : import('./en-payment.js')).catch(() => undefined);
}
