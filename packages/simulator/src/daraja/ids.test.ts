import { describe, expect, it } from 'vitest';
import { accessToken, checkoutRequestId, merchantRequestId } from './ids.js';

describe('Daraja id shapes', () => {
  it('builds CheckoutRequestIDs like ws_CO_23052022122137653708374149', () => {
    expect(checkoutRequestId(Date.parse('2022-05-23T09:21:37.653Z'), '254708374149')).toBe(
      'ws_CO_23052022122137653708374149',
    );
  });

  it('builds MerchantRequestIDs like 29115-34620561-1', () => {
    expect(merchantRequestId()).toMatch(/^\d{5}-\d{8}-1$/);
  });

  it('issues distinct 28-character access tokens', () => {
    const tokens = new Set(Array.from({ length: 50 }, accessToken));

    expect(tokens.size).toBe(50);
    for (const token of tokens) expect(token).toMatch(/^[\w-]{28}$/);
  });
});
