import { describe, expect, it } from 'vitest';
import { cashfinResultOf, signCashfinWebhook, signedCashfinWebhook } from './webhook.js';

// Computed independently: printf '%s' "$body" | openssl dgst -sha256 -hmac 'whsec_test_secret'
const body = '{"type":"payment.completed","data":{"checkoutrequestid":"ws_CO_123456789"}}';
const expected = 'fa8ee57665167d3b5bad110d96ba6eabcb1313f4f41f0cb4137586f3e7362990';

describe('Cashfin webhook signing', () => {
  it('signs the raw body with hex HMAC-SHA256 under the webhook secret', () => {
    expect(signCashfinWebhook(body, 'whsec_test_secret')).toBe(expected);
  });

  it('signs exactly the bytes it sends', () => {
    const event = {
      type: 'payment.completed',
      data: { checkoutrequestid: 'ws_CO_123456789' },
    } as unknown as Parameters<typeof signedCashfinWebhook>[0];

    const signed = signedCashfinWebhook(event, 'whsec_test_secret');

    expect(signed).toEqual({ rawBody: body, headers: { 'x-cashfin-signature': expected } });
  });

  it('says paid as payment.completed and every failure as payment.failed', () => {
    expect(cashfinResultOf.paid).toMatchObject({ type: 'payment.completed', resultcode: '0' });
    for (const outcome of [
      'insufficient_funds',
      'wrong_pin',
      'cancelled',
      'no_response',
    ] as const) {
      expect(cashfinResultOf[outcome].type).toBe('payment.failed');
    }
    expect(cashfinResultOf.cancelled.status).toBe('cancelled');
  });
});
