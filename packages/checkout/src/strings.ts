/**
 * Every piece of text the widget shows, in one table per locale. `{name}` placeholders are
 * filled by `format()`. Each table is typed `Strings`, so the compiler refuses a missing key;
 * a new language is one more table added to `locales`.
 */
import {
  type ErrorCode,
  type FailureReason,
  type PhoneRejection,
  phoneRejectionMessages,
} from '@lipwa/core';

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

export const en: Strings = {
  loading: 'Loading checkout…',
  payHeading: 'Pay with M-Pesa',
  payTo: 'Pay {merchant}',
  phoneLabel: 'M-Pesa phone number',
  phoneHint: 'For example 0712 345 678',
  payButton: 'Pay {amount}',
  sendingHeading: 'Sending the payment request…',
  sendingBody: 'This takes a few seconds.',
  waitingHeading: 'Check your phone',
  waitingBody: 'Enter your M-Pesa PIN on {phone} to pay {merchant} {amount}.',
  waitingSent: 'We sent a payment request to {phone}.',
  countdown: 'The request expires in {time}.',
  countdownOver:
    'Still waiting for M-Pesa to confirm. You can still enter your PIN if the prompt is open.',
  redirectLink: 'Continue to pay',
  redirectHeading: 'Finish on the payment page',
  redirectBody:
    'Open the payment page to pay {merchant} {amount}. This page updates when you are done.',
  methodsLegend: 'Choose how to pay',
  continueTo: 'Continue to {name}',
  unfinishedHeading: 'Payment not finished',
  unfinishedBody:
    'If you paid {merchant}, this page updates by itself. If not, continue to finish.',
  redirectCancelledBody: 'You cancelled on the payment page. Nothing was charged.',
  successHeading: 'Payment received',
  successBody: 'You paid {merchant} {amount}. Thank you.',
  receiptLabel: 'M-Pesa receipt',
  failureHeading: 'Payment failed',
  cancelledHeading: 'Payment cancelled',
  cancelledBody: 'The payment was cancelled on your phone. Nothing was charged.',
  expiredHeading: 'Payment request expired',
  expiredBody: 'Your phone did not answer the payment request in time. Nothing was charged.',
  sessionExpiredHeading: 'This checkout has expired',
  sessionExpiredBody:
    'Your session expired or is no longer valid. Reload the page to start again; nothing was charged.',
  errorHeading: 'Checkout could not load',
  errorBody: 'Something went wrong loading the payment. Check your connection and try again.',
  reversedBody: 'This payment was reversed. Contact the merchant if you did not expect this.',
  tryAgain: 'Try again',
  retryIn: 'Try again in {seconds} s',
  reload: 'Reload',
  moreTime: 'More time',
  moreTimeAdded: 'We added {seconds} seconds. Take your time.',
  paidAt: 'Paid on {time}',
  reconnecting: 'Connection lost. Reconnecting…',
  helpSummary: 'Didn’t get the prompt?',
  helpPhone: 'Check that your phone is on, unlocked and has network.',
  helpSim: 'If prompts never arrive, dial *234# and choose “SIM update”, then try again.',
  helpPaybill:
    'Or pay by hand: Lipa na M-Pesa → Pay Bill → Business number {number} → Account {reference} → Amount {amount}.',
  helpTill:
    'Or pay by hand: Lipa na M-Pesa → Buy Goods and Services → Till number {number} → Amount {amount}.',
  reasons: {
    insufficient_funds: 'There is not enough money in your M-Pesa account for this payment.',
    wrong_pin: 'You entered a wrong PIN. Try again and enter your M-Pesa PIN carefully.',
    subscriber_busy: 'Your phone is busy with another payment. Wait a minute, then try again.',
    invalid_phone: 'M-Pesa could not use this phone number. Check it and try again.',
    limit_exceeded: 'This payment is over your M-Pesa limit for a transaction or a day.',
    amount_too_small: 'The amount is below the M-Pesa minimum.',
    amount_too_large: 'The amount is above the M-Pesa maximum for one payment.',
    duplicate_request:
      'A payment like this one is already in progress. Wait two minutes, then try again.',
    cancelled_by_user: 'You cancelled the payment on your phone.',
    no_response: 'Your phone did not answer the M-Pesa request in time.',
    prompt_failed: 'M-Pesa could not show the payment request on your phone.',
    not_permitted: 'M-Pesa does not allow this payment for this merchant.',
    account_locked: 'Your M-Pesa account is locked. Contact Safaricom, then try again.',
    amount_mismatch: 'The amount paid did not match the amount due. Contact the merchant.',
    provider_error: 'M-Pesa had a problem with this payment. Try again in a moment.',
    unknown: 'The payment did not go through.',
  },
  // One English text for a refused number, shared with the server's 422 answers.
  phoneRejections: phoneRejectionMessages,
  problems: {
    attempt_cooldown: 'Please wait {seconds} seconds before trying again.',
    rate_limited: 'Too many attempts. Please wait {seconds} seconds before trying again.',
    provider_unavailable: 'M-Pesa could not be reached just now. Try again in a moment.',
    provider_rejected:
      'M-Pesa refused the request. Another payment may already be in progress on this phone; wait a minute, then try again.',
    provider_auth_failed: 'The merchant cannot take M-Pesa payments right now. Try again later.',
    invalid_phone: 'M-Pesa cannot use this phone number. Check it and try again.',
    waitAMoment: 'Please wait a moment before trying again.',
    offline: 'We could not reach the payment server. Check your connection and try again.',
    timeout: 'M-Pesa is taking too long to answer. Check your phone, then try again.',
  },
};

/** Kiswahili as M-Pesa itself writes it to Kenyan customers. */
export const sw: Strings = {
  loading: 'Inapakia malipo…',
  payHeading: 'Lipa na M-Pesa',
  payTo: 'Lipa {merchant}',
  phoneLabel: 'Nambari ya simu ya M-Pesa',
  phoneHint: 'Kwa mfano 0712 345 678',
  payButton: 'Lipa {amount}',
  sendingHeading: 'Tunatuma ombi la malipo…',
  sendingBody: 'Hii inachukua sekunde chache.',
  waitingHeading: 'Angalia simu yako',
  waitingBody: 'Weka PIN yako ya M-Pesa kwenye {phone} kulipa {merchant} {amount}.',
  waitingSent: 'Tumetuma ombi la malipo kwa {phone}.',
  countdown: 'Ombi litaisha baada ya {time}.',
  countdownOver:
    'Bado tunasubiri uthibitisho wa M-Pesa. Bado unaweza kuweka PIN kama ombi liko wazi.',
  redirectLink: 'Endelea kulipa',
  redirectHeading: 'Maliza kwenye ukurasa wa malipo',
  redirectBody:
    'Fungua ukurasa wa malipo kulipa {merchant} {amount}. Ukurasa huu utajisasisha ukimaliza.',
  methodsLegend: 'Chagua njia ya kulipa',
  continueTo: 'Endelea kwa {name}',
  unfinishedHeading: 'Malipo hayajakamilika',
  unfinishedBody:
    'Kama umelipa {merchant}, ukurasa huu utajisasisha wenyewe. Kama bado, endelea kumaliza malipo.',
  redirectCancelledBody: 'Umeghairi malipo kwenye ukurasa wa malipo. Hujakatwa pesa yoyote.',
  successHeading: 'Malipo yamepokelewa',
  successBody: 'Umelipa {merchant} {amount}. Asante.',
  receiptLabel: 'Risiti ya M-Pesa',
  failureHeading: 'Malipo hayakufaulu',
  cancelledHeading: 'Malipo yameghairiwa',
  cancelledBody: 'Malipo yameghairiwa kwenye simu yako. Hujakatwa pesa yoyote.',
  expiredHeading: 'Muda wa ombi la malipo umeisha',
  expiredBody: 'Simu yako haikujibu ombi la malipo kwa wakati. Hujakatwa pesa yoyote.',
  sessionExpiredHeading: 'Muda wa malipo haya umeisha',
  sessionExpiredBody:
    'Kipindi chako kimeisha au si halali tena. Pakia ukurasa upya uanze tena; hujakatwa pesa.',
  errorHeading: 'Malipo hayakuweza kupakia',
  errorBody: 'Kuna hitilafu katika kupakia malipo. Angalia mtandao wako kisha ujaribu tena.',
  reversedBody: 'Malipo haya yamerudishwa. Wasiliana na mfanyabiashara kama hukutarajia hili.',
  tryAgain: 'Jaribu tena',
  retryIn: 'Jaribu tena baada ya sekunde {seconds}',
  reload: 'Pakia upya',
  moreTime: 'Muda zaidi',
  moreTimeAdded: 'Tumeongeza sekunde {seconds}. Usiharakishe.',
  paidAt: 'Imelipwa {time}',
  reconnecting: 'Mtandao umekatika. Tunaunganisha tena…',
  helpSummary: 'Hukupata ombi?',
  helpPhone: 'Hakikisha simu yako imewashwa, haijafungwa na ina mtandao.',
  helpSim: 'Kama maombi hayafiki kamwe, piga *234# uchague “SIM update”, kisha ujaribu tena.',
  helpPaybill:
    'Au lipa mwenyewe: Lipa na M-Pesa → Pay Bill → Nambari ya biashara {number} → Nambari ya akaunti {reference} → Kiasi {amount}.',
  helpTill:
    'Au lipa mwenyewe: Lipa na M-Pesa → Buy Goods and Services → Nambari ya Till {number} → Kiasi {amount}.',
  reasons: {
    insufficient_funds: 'Salio halitoshi. Huna pesa za kutosha kwenye M-Pesa kwa malipo haya.',
    wrong_pin: 'Umeweka PIN isiyo sahihi. Jaribu tena na uweke PIN yako ya M-Pesa kwa makini.',
    subscriber_busy:
      'Simu yako inashughulikia malipo mengine. Subiri dakika moja, kisha ujaribu tena.',
    invalid_phone: 'M-Pesa haikuweza kutumia nambari hii ya simu. Iangalie kisha ujaribu tena.',
    limit_exceeded: 'Malipo haya yamezidi kikomo chako cha M-Pesa kwa muamala au kwa siku.',
    amount_too_small: 'Kiasi hiki ni chini ya kiwango cha chini cha M-Pesa.',
    amount_too_large: 'Kiasi hiki ni zaidi ya kiwango cha juu cha M-Pesa kwa malipo moja.',
    duplicate_request:
      'Malipo kama haya tayari yanaendelea. Subiri dakika mbili, kisha ujaribu tena.',
    cancelled_by_user: 'Umeghairi malipo kwenye simu yako.',
    no_response: 'Simu yako haikujibu ombi la M-Pesa kwa wakati.',
    prompt_failed: 'M-Pesa haikuweza kuonyesha ombi la malipo kwenye simu yako.',
    not_permitted: 'M-Pesa hairuhusu malipo haya kwa mfanyabiashara huyu.',
    account_locked: 'Akaunti yako ya M-Pesa imefungwa. Wasiliana na Safaricom, kisha ujaribu tena.',
    amount_mismatch:
      'Kiasi kilicholipwa si sawa na kiasi kinachodaiwa. Wasiliana na mfanyabiashara.',
    provider_error: 'M-Pesa imepata tatizo na malipo haya. Jaribu tena baada ya muda mfupi.',
    unknown: 'Malipo hayakupita.',
  },
  phoneRejections: {
    empty: 'Weka nambari yako ya simu.',
    invalid_characters: 'Nambari ya simu ina tarakimu, nafasi, vistari na + mwanzoni tu.',
    too_short:
      'Nambari hiyo ni fupi mno. Nambari za simu za Kenya zina tarakimu 10, kama 0712 345 678.',
    too_long:
      'Nambari hiyo ni ndefu mno. Nambari za simu za Kenya zina tarakimu 10, kama 0712 345 678.',
    not_kenyan: 'Tumia nambari ya simu ya Kenya (+254).',
    not_mobile: 'Nambari za simu za Kenya huanza na 07 au 01.',
  },
  problems: {
    attempt_cooldown: 'Tafadhali subiri sekunde {seconds} kabla ya kujaribu tena.',
    rate_limited: 'Majaribio mengi mno. Tafadhali subiri sekunde {seconds} kabla ya kujaribu tena.',
    provider_unavailable: 'M-Pesa haikupatikana kwa sasa. Jaribu tena baada ya muda mfupi.',
    provider_rejected:
      'M-Pesa imekataa ombi. Huenda malipo mengine yanaendelea kwenye simu hii; subiri dakika moja, kisha ujaribu tena.',
    provider_auth_failed:
      'Mfanyabiashara hawezi kupokea malipo ya M-Pesa kwa sasa. Jaribu tena baadaye.',
    invalid_phone: 'M-Pesa haiwezi kutumia nambari hii ya simu. Iangalie kisha ujaribu tena.',
    waitAMoment: 'Tafadhali subiri kidogo kabla ya kujaribu tena.',
    offline: 'Hatukuweza kufikia seva ya malipo. Angalia mtandao wako kisha ujaribu tena.',
    timeout: 'M-Pesa inachukua muda mrefu kujibu. Angalia simu yako, kisha ujaribu tena.',
  },
};

export const locales = { en, sw } as const satisfies Record<string, Strings>;
export type Locale = keyof typeof locales;

/** `sw-KE` -> `sw`; undefined for a language without a table. */
function tableName(tag: string): Locale | undefined {
  const language = tag.toLowerCase().split('-')[0] ?? '';
  return language in locales ? (language as Locale) : undefined;
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

/** The table for `locale` (`sw-KE` falls back to `sw`, anything unknown to English). */
export function stringsFor(locale: string | undefined): Strings {
  return locales[resolveLocale(locale)];
}

/** A merchant's overrides: any top-level string, and any single reason, rejection or problem. */
export type StringOverrides = {
  readonly [K in keyof Strings]?: Strings[K] extends string ? string : Partial<Strings[K]>;
};

/** Lays `overrides` over `base`, one level deep, so one reason can change and the rest stay. */
export function mergeStrings(base: Strings, overrides: StringOverrides | undefined): Strings {
  if (!overrides) return base;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    const current = merged[key];
    merged[key] = typeof value === 'object' ? { ...(current as object), ...value } : value;
  }
  return merged as unknown as Strings;
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
