import { CallbackError } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import { cashfinSignature, verifyCashfinSignature } from './webhook-signature.js';

// Computed independently: printf '%s' "$body" | openssl dgst -sha256 -hmac 'whsec_test_secret'
const body = '{"type":"payment.completed","data":{"checkoutrequestid":"ws_CO_123456789"}}';
const signature = 'fa8ee57665167d3b5bad110d96ba6eabcb1313f4f41f0cb4137586f3e7362990';
const secret = 'whsec_test_secret';

function refusal(run: () => void): CallbackError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CallbackError);
    expect((error as CallbackError).code).toBe('invalid_signature');
    return error as CallbackError;
  }
  throw new Error('expected the signature to be refused');
}

describe('x-cashfin-signature', () => {
  it('is the hex HMAC-SHA256 of the raw body under the webhook secret', () => {
    expect(cashfinSignature(body, secret)).toBe(signature);
  });

  it('accepts the matching signature, in either case and with stray whitespace', () => {
    expect(() => verifyCashfinSignature(body, signature, secret)).not.toThrow();
    expect(() =>
      verifyCashfinSignature(body, ` ${signature.toUpperCase()} `, secret),
    ).not.toThrow();
  });

  it('refuses a webhook whose signature does not match the raw body', () => {
    const error = refusal(() => verifyCashfinSignature(`${body} `, signature, secret));

    expect(error.details.why).toBe('mismatch');
    expect(error.message).toContain('exact bytes');
  });

  it('refuses a signature made with another secret', () => {
    expect(
      refusal(() => verifyCashfinSignature(body, cashfinSignature(body, 'other'), secret)).details
        .why,
    ).toBe('mismatch');
  });

  it('refuses an unsigned webhook', () => {
    expect(refusal(() => verifyCashfinSignature(body, undefined, secret)).details.why).toBe(
      'unsigned',
    );
    expect(refusal(() => verifyCashfinSignature(body, '', secret)).details.why).toBe('unsigned');
  });

  it('refuses a signature that is not 64 hex characters without comparing', () => {
    for (const bad of ['abc', `sha256=${signature}`, `${signature}00`, 'z'.repeat(64)]) {
      expect(refusal(() => verifyCashfinSignature(body, bad, secret)).details.why).toBe(
        'malformed',
      );
    }
  });

  it('never puts the secret in its message', () => {
    const error = refusal(() => verifyCashfinSignature(body, '0'.repeat(64), secret));

    expect(JSON.stringify({ m: error.message, d: error.details })).not.toContain(secret);
  });
});
