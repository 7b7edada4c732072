/** English for everything but the phone entry: fetched after the first render, with the payment code. */
import { phoneRejectionMessages } from '@lipwa/core';
import type { PaymentTable } from '../strings.js';

const strings: PaymentTable = {
  payHeading: 'Pay with M-Pesa',
  waitingHeading: 'Check your phone',
  waitingBody: 'Enter your M-Pesa PIN on {phone} to pay {merchant} {amount}.',
  waitingSent: 'We sent a payment request to {phone}.',
  countdown: 'The request expires in {time}.',
  countdownOver:
    'Still waiting for M-Pesa to confirm. You can still enter your PIN if the prompt is open.',
  redirectHeading: 'Finish on the payment page',
  redirectBody:
    'Open the payment page to pay {merchant} {amount}. This page updates when you are done.',
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
  reversedBody: 'This payment was reversed. Contact the merchant if you did not expect this.',
  retryIn: 'Try again in {seconds} s',
  waitUnits: '{n} second|{n} seconds|{n} minute|{n} minutes|about {n} hour|about {n} hours',
  reload: 'Reload',
  moreTime: 'More time',
  moreTimeAdded: 'We added {seconds} seconds. Take your time.',
  paidAt: 'Paid on {time}',
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
  problems: {
    offline: 'We could not reach the payment server. Check your connection and try again.',
    attempt_cooldown: 'Please wait {wait} before trying again.',
    rate_limited: 'Too many attempts. Please wait {wait} before trying again.',
    provider_unavailable: 'M-Pesa could not be reached just now. Try again in a moment.',
    provider_rejected:
      'M-Pesa refused the request. Another payment may already be in progress on this phone; wait a minute, then try again.',
    provider_auth_failed: 'The merchant cannot take M-Pesa payments right now. Try again later.',
    invalid_phone: 'M-Pesa cannot use this phone number. Check it and try again.',
    waitAMoment: 'Please wait a moment before trying again.',
    timeout: 'M-Pesa is taking too long to answer. Check your phone, then try again.',
  },
  sessionExpiredHeading: 'This checkout has expired',
  sessionExpiredBody:
    'Your session expired or is no longer valid. Reload the page to start again; nothing was charged.',
  reconnecting: 'Connection lost. Reconnecting…',
  // One English text for a refused number, shared with the server's 422 answers.
  phoneRejections: phoneRejectionMessages,
};

export default strings;
