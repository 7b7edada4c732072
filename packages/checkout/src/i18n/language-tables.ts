/**
 * The texts of the language shown, fetched in parts: the entry file with the session, the payment
 * file once the after-"Pay" code is here (which reads it). A language switch fetches the other
 * language's parts; the tables shown stay until they arrive.
 */
import type { EntryStrings, Locale, PaymentTable } from '../strings.js';
import { mergeStrings } from '../strings.js';
import { firstStrings } from './first.js';
import { loadEntryTable } from './load-tables.js';

export class LanguageTables {
  entry: EntryStrings | undefined;
  payment: PaymentTable | undefined;
  /** The language of `entry`; undefined before its file has arrived. */
  locale: Locale | undefined;
  /** The language asked for last: an older answer arriving late is not shown. */
  #wanted: Locale | undefined;
  readonly #changed: () => void;

  constructor(changed: () => void) {
    this.#changed = changed;
  }

  /**
   * Shows `locale`: its entry texts, and its payment texts too when given their loader (the
   * after-"Pay" part's). Rejects when a file cannot load (offline); asking again fetches again.
   */
  async use(locale: Locale, payments?: (locale: Locale) => Promise<PaymentTable>): Promise<void> {
    this.#wanted = locale;
    const [entry, payment] = await Promise.all([loadEntryTable(locale), payments?.(locale)]);
    if (locale !== this.#wanted) return;
    if (locale !== this.locale) this.payment = undefined;
    this.locale = locale;
    this.entry = mergeStrings(firstStrings[locale], entry) as EntryStrings;
    if (payment) this.payment = payment;
    this.#changed();
  }
}
