/// <reference types="node" />
import { describe, expect, it } from 'vitest';
import { CheckoutError } from './checkout-error.js';
import {
  decideError,
  messageText,
  retryTimeAfter,
  retryTimeOf,
  showLatestAttempt,
  showPayment,
} from './checkout-outcome.js';
import { en, sw } from './locales.js';
import { paymentFixture, redirectPaymentFixture, T0 } from './test-server.js';

const problem = (code: CheckoutError['code'], status: number, extra = {}) =>
  new CheckoutError(code, `Problem ${code}`, { status, ...extra });

describe('the state a payment stands for', () => {
  it('waits on a pending STK payment, and shows each final status as its own state', () => {
    expect(showPayment(paymentFixture(), 'sending')).toMatchObject({ state: 'waiting' });
    expect(showPayment(paymentFixture({ status: 'completed' }), 'waiting').state).toBe('success');
    expect(showPayment(paymentFixture({ status: 'cancelled' }), 'waiting').state).toBe('cancelled');
    expect(showPayment(paymentFixture({ status: 'expired' }), 'waiting').state).toBe('expired');
  });

  it('calls a pending redirect payment waiting only while the customer is on its hosted page', () => {
    expect(showPayment(redirectPaymentFixture(), 'waiting').state).toBe('waiting');
    expect(showPayment(redirectPaymentFixture(), 'loading').state).toBe('unfinished');
  });

  it('explains a failure by its reason, a reversal in its own words, and keeps the payment', () => {
    const failed = paymentFixture({ status: 'failed', reason: 'wrong_pin' });

    expect(showPayment(failed, 'waiting')).toEqual({
      kind: 'show',
      state: 'failure',
      message: { reason: 'wrong_pin' },
      payment: failed,
    });
    expect(showPayment(paymentFixture({ status: 'reversed' }), 'success').message).toEqual({
      text: 'reversedBody',
    });
    expect(showPayment(paymentFixture({ status: 'failed' }), 'waiting').message).toEqual({
      reason: 'unknown',
    });
  });

  it('holds "Try again" until the retry time a failed payment or an error carries', () => {
    const retryAfter = new Date(T0 + 30_000).toISOString();

    expect(retryTimeOf(paymentFixture({ status: 'failed', retryAfter }))).toBe(T0 + 30_000);
    expect(retryTimeOf(paymentFixture())).toBeUndefined();
    expect(retryTimeAfter(problem('attempt_cooldown', 429, { retryAfter: 12 }), T0)).toBe(
      T0 + 12_000,
    );
    expect(retryTimeAfter(new TypeError('Failed to fetch'), T0)).toBeUndefined();
  });
});

describe('what an error means for the customer', () => {
  it('ends the checkout on a refused or expired session, keeping the payment in progress', () => {
    const payment = paymentFixture();

    expect(decideError(problem('session_expired', 401), 'follow', payment)).toEqual({
      kind: 'show',
      state: 'session-expired',
      payment,
    });
  });

  it('puts a number the server refuses back under the field', () => {
    expect(decideError(problem('invalid_phone', 422), 'submit', undefined)).toEqual({
      kind: 'phone',
      message: { problem: 'invalid_phone' },
    });
  });

  it('asks to wait the seconds the server gave, or a moment when it gave none', () => {
    expect(
      decideError(problem('rate_limited', 429, { retryAfter: 29.2 }), 'submit', undefined),
    ).toMatchObject({ state: 'failure', message: { problem: 'rate_limited', seconds: 30 } });
    expect(decideError(problem('attempt_cooldown', 429), 'submit', undefined)).toMatchObject({
      message: { problem: 'waitAMoment' },
    });
  });

  it('shows "could not load" for a session that cannot load, offline or not', () => {
    expect(decideError(problem('internal_error', 0), 'load', undefined)).toMatchObject({
      state: 'error',
      message: { problem: 'offline' },
    });
    expect(decideError(new TypeError('boom'), 'submit', undefined)).toMatchObject({
      state: 'error',
      message: { text: 'errorBody' },
    });
  });

  it('looks up the recorded attempt of a refused push, unless the server said why', () => {
    expect(decideError(problem('provider_rejected', 502), 'submit', undefined)).toEqual({
      kind: 'latest-attempt',
      message: { problem: 'provider_rejected' },
    });
    expect(
      decideError(
        problem('provider_rejected', 502, { reason: 'subscriber_busy' }),
        'submit',
        undefined,
      ),
    ).toMatchObject({ state: 'failure', message: { reason: 'subscriber_busy' } });
  });

  it('takes a paid session as paid', () => {
    expect(decideError(problem('session_paid', 409), 'submit', undefined)).toEqual({
      kind: 'paid',
    });
  });
});

describe('the latest attempt after a refused or unanswered push', () => {
  it('follows it when it is pending after all, shows it when it failed for a reason', () => {
    expect(showLatestAttempt(paymentFixture(), { problem: 'timeout' }, 'sending').state).toBe(
      'waiting',
    );
    const busy = paymentFixture({ status: 'failed', reason: 'subscriber_busy' });
    expect(showLatestAttempt(busy, { problem: 'timeout' }, 'sending').message).toEqual({
      reason: 'subscriber_busy',
    });
  });

  it('says what the refusal said when there is no attempt or no reason', () => {
    expect(showLatestAttempt(null, { problem: 'timeout' }, 'sending')).toEqual({
      kind: 'show',
      state: 'failure',
      message: { problem: 'timeout' },
      payment: undefined,
    });
  });
});

describe('the words of a message', () => {
  it('come from the language table, with the seconds filled in', () => {
    expect(messageText(en, { reason: 'wrong_pin' })).toBe(en.reasons.wrong_pin);
    expect(messageText(en, { problem: 'attempt_cooldown', seconds: 30 })).toBe(
      'Please wait 30 seconds before trying again.',
    );
    expect(messageText(en, { rejection: 'too_short' })).toBe(en.phoneRejections.too_short);
  });

  it('say how long to wait in words that fit it, in English and Swahili', () => {
    const wait = (seconds: number) => [
      messageText(en, { problem: 'rate_limited', seconds }),
      messageText(sw, { problem: 'rate_limited', seconds }),
    ];
    expect(wait(1)).toEqual([
      'Too many attempts. Please wait 1 second before trying again.',
      'Majaribio mengi mno. Tafadhali subiri sekunde 1 kabla ya kujaribu tena.',
    ]);
    expect(wait(45)[0]).toContain('wait 45 seconds');
    // Minutes round up, so the customer never comes back too early.
    expect(wait(60)).toEqual([
      'Too many attempts. Please wait 1 minute before trying again.',
      'Majaribio mengi mno. Tafadhali subiri dakika 1 kabla ya kujaribu tena.',
    ]);
    expect(wait(121)[0]).toContain('wait 3 minutes');
    expect(wait(121)[1]).toContain('subiri dakika 3 kabla');
    expect(wait(3_600)[0]).toContain('wait about 1 hour before');
    expect(wait(2 * 3_600 + 600)).toEqual([
      'Too many attempts. Please wait about 2 hours before trying again.',
      'Majaribio mengi mno. Tafadhali subiri takriban saa 2 kabla ya kujaribu tena.',
    ]);
    expect(messageText(sw, { problem: 'attempt_cooldown', seconds: 600 })).toBe(
      'Tafadhali subiri dakika 10 kabla ya kujaribu tena.',
    );
  });

  it('read "did not go through" for a code or reason the table does not know', () => {
    expect(messageText(en, { problem: 'internal_error' })).toBe(en.reasons.unknown);
    expect(messageText(en, { reason: 'from_a_newer_server' as 'unknown' })).toBe(
      en.reasons.unknown,
    );
  });
});
