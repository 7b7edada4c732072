/**
 * The texts of the language shown: every language's words before "Pay" are in the main file
 * (a file of their own per language cost more in its own gzip framing and a request in parallel
 * with the session than both languages' words in the main file); the payment file is fetched
 * once the after-"Pay" code is here (which reads it). A language switch fetches the other
 * language's payment file; the tables shown stay until it arrives.
 */
import type { EntryStrings, Locale, PaymentTable } from '../strings.js';
import en from './en.js';
import { firstStrings } from './first.js';
import sw from './sw.js';

const entryTables: Readonly<Record<Locale, EntryStrings>> = {
  en: { ...firstStrings.en, ...en },
  sw: { ...firstStrings.sw, ...sw },
};

export class LanguageTables {
  entry: EntryStrings | undefined;
  payment: PaymentTable | undefined;
  /** The language of `entry`; undefined before the first `use` has settled. */
  locale: Locale | undefined;
  /** The language asked for last: an older answer arriving late is not shown. */
  #wanted: Locale | undefined;
  readonly #changed: () => void;

  constructor(changed: () => void) {
    this.#changed = changed;
  }

  /**
   * Shows `locale`: its entry texts, and its payment texts too when given their loader (the
   * after-"Pay" part's). Rejects when the payment file cannot load (offline); asking again
   * fetches again.
   */
  async use(locale: Locale, payments?: (locale: Locale) => Promise<PaymentTable>): Promise<void> {
    this.#wanted = locale;
    // The first language's entry words are in this file: shown at once, so the phone field is
    // usable in the first render, before the session (or any payment texts) arrive.
    if (!this.locale) {
      this.locale = locale;
      this.entry = entryTables[locale];
    }
    const payment = await payments?.(locale);
    if (locale !== this.#wanted) return;
    if (locale !== this.locale) this.payment = undefined;
    this.locale = locale;
    this.entry = entryTables[locale];
    if (payment) this.payment = payment;
    this.#changed();
  }
}
