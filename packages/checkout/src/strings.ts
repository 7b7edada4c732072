/**
 * Every piece of text the widget shows, in one table per locale. `{name}` placeholders are
 * filled by `format()`. To add Swahili, write `sw: Strings` with the same keys and add it to
 * `locales`; the compiler then refuses any missing key.
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
  readonly reload: string;
  /** Plain words for every failure reason a payment can carry. */
  readonly reasons: Readonly<Record<FailureReason, string>>;
  /** Why a typed phone number was refused, before any request. */
  readonly phoneRejections: Readonly<Record<PhoneRejection, string>>;
  /** Server refusals the customer can act on. */
  readonly problems: Readonly<Partial<Record<ErrorCode, string>>> & {
    readonly offline: string;
    readonly waitAMoment: string;
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
  countdownOver: 'The request is about to expire. Waiting for M-Pesa…',
  redirectLink: 'Continue to pay',
  redirectHeading: 'Finish on the payment page',
  redirectBody:
    'Open the payment page to pay {merchant} {amount}. This page updates when you are done.',
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
  reload: 'Reload',
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
  phoneRejections: {
    empty: 'Enter your phone number.',
    invalid_characters: 'A phone number has only digits, spaces, dashes and a leading +.',
    too_short: 'That number is too short. Kenyan mobile numbers have 10 digits, like 0712 345 678.',
    too_long: 'That number is too long. Kenyan mobile numbers have 10 digits, like 0712 345 678.',
    not_kenyan: 'Use a Kenyan mobile number (+254).',
    not_mobile: 'Kenyan mobile numbers start with 07 or 01.',
  },
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
  },
};

export const locales = { en } as const satisfies Record<string, Strings>;
export type Locale = keyof typeof locales;

/** The table for `locale` (`sw-KE` falls back to `sw`, anything unknown to English). */
export function stringsFor(locale: string | undefined): Strings {
  const language = (locale ?? 'en').toLowerCase().split('-')[0] ?? 'en';
  return language in locales ? locales[language as Locale] : en;
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
