/**
 * Every piece of text the widget shows, typed once as `Strings`; `{name}` placeholders are filled
 * by `format()`. Each language's table is three files by when it is needed (see `i18n/`): the
 * skeleton's words in the main file, the phone entry's fetched with the session, the rest after
 * the first render. `locales.ts` joins them for code that wants a whole table at once.
 */
import type { ErrorCode, FailureReason, PhoneRejection } from '@lipwa/core';

export interface Strings {
  readonly loading: string;
  readonly payHeading: string;
  readonly payTo: string;
  readonly phoneLabel: string;
  readonly phoneHint: string;
  readonly payButton: string;
  readonly sendingHeading: string;
  readonly sendingBody: string;
  readonly waitingHeading: string;
  readonly waitingBody: string;
  readonly waitingSent: string;
  readonly countdown: string;
  readonly countdownOver: string;
  readonly redirectLink: string;
  readonly redirectHeading: string;
  readonly redirectBody: string;
  /** The method picker's group label (shown when a session offers several ways to pay). */
  readonly methodsLegend: string;
  /** The redirect flow's button, `{name}` being the method's name (`CashPay`). */
  readonly continueTo: string;
  readonly unfinishedHeading: string;
  readonly unfinishedBody: string;
  readonly redirectCancelledBody: string;
  readonly successHeading: string;
  readonly successBody: string;
  readonly receiptLabel: string;
  readonly failureHeading: string;
  readonly cancelledHeading: string;
  readonly cancelledBody: string;
  readonly expiredHeading: string;
  readonly expiredBody: string;
  readonly sessionExpiredHeading: string;
  readonly sessionExpiredBody: string;
  readonly errorHeading: string;
  readonly errorBody: string;
  readonly reversedBody: string;
  readonly tryAgain: string;
  readonly retryIn: string;
  /** A wait's words, `{n}` filled: one and many seconds, minutes, hours, `|` between. */
  readonly waitUnits: string;
  readonly reload: string;
  readonly moreTime: string;
  readonly moreTimeAdded: string;
  readonly paidAt: string;
  readonly reconnecting: string;
  readonly helpSummary: string;
  readonly helpPhone: string;
  readonly helpSim: string;
  readonly helpPaybill: string;
  readonly helpTill: string;
  /** Plain words for every failure reason a payment can carry. */
  readonly reasons: Readonly<Record<FailureReason, string>>;
  /** Why a typed phone number was refused, before any request. */
  readonly phoneRejections: Readonly<Record<PhoneRejection, string>>;
  /** Server refusals the customer can act on. */
  readonly problems: Readonly<Partial<Record<ErrorCode, string>>> & {
    readonly offline: string;
    readonly waitAMoment: string;
    readonly timeout: string;
  };
}

/** The languages the widget speaks. */
export type Locale = 'en' | 'sw';
export const localeNames: readonly Locale[] = ['en', 'sw'];

/** Shown before a table arrives (the skeleton) or when none can: in the main file. */
export type FirstStringKey = 'loading' | 'errorHeading' | 'errorBody' | 'tryAgain';
export type FirstStrings = Pick<Strings, FirstStringKey>;

/** What the phone entry shows, from the language's first file (`i18n/en.ts`). */
export type EntryStringKey =
  | 'payTo'
  | 'phoneLabel'
  | 'phoneHint'
  | 'payButton'
  | 'methodsLegend'
  | 'continueTo'
  | 'redirectLink'
  | 'sendingHeading'
  | 'sendingBody';
export type EntryTable = Pick<Strings, EntryStringKey>;
/** The texts of every state before "Pay". */
export type EntryStrings = FirstStrings & EntryTable;

/**
 * Everything else, from the language's payment file (`i18n/en-payment.ts`), fetched after the
 * first render: what follows "Pay", and the words for a refused number (shown only once the
 * customer has pressed "Pay").
 */
export type PaymentTable = Omit<Strings, FirstStringKey | EntryStringKey>;

/** `sw-KE` -> `sw`; undefined for a language without a table. */
function tableName(tag: string): Locale | undefined {
  const language = tag.toLowerCase().split('-')[0] ?? '';
  return (localeNames as readonly string[]).includes(language) ? (language as Locale) : undefined;
}

/**
 * The language to show: the `locale` attribute when it names a table, else the first of the
 * browser's languages that has one (`sw-KE` -> `sw`), else English.
 */
export function resolveLocale(
  locale: string | undefined,
  browserLanguages: readonly string[] = [],
): Locale {
  if (locale) return tableName(locale) ?? 'en';
  for (const tag of browserLanguages) {
    const name = tableName(tag);
    if (name) return name;
  }
  return 'en';
}

/** A merchant's overrides: any top-level string, and any single reason, rejection or problem. */
export type StringOverrides = {
  readonly [K in keyof Strings]?: Strings[K] extends string ? string : Partial<Strings[K]>;
};

/**
 * Lays `overrides` over `base`, one level deep, so one reason can change and the rest stay. Also
 * joins a language's files into one table.
 */
export function mergeStrings<T extends object>(base: T, overrides: object | undefined): T {
  if (!overrides) return base;
  const merged: Record<string, unknown> = { ...(base as object) };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    const current = merged[key];
    merged[key] = typeof value === 'object' ? { ...(current as object), ...value } : value;
  }
  return merged as T;
}

/** Fills `{name}` placeholders; unknown names are left as written so a gap is visible. */
export function format(
  template: string,
  values: Readonly<Record<string, string | number>>,
): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}
