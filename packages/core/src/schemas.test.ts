import { describe, expect, it } from 'vitest';
import { createSessionInputSchema, startPaymentBodySchema } from './schemas.js';

describe('createSessionInputSchema', () => {
  it('fills the currency and keeps what the merchant asked for', () => {
    expect(createSessionInputSchema.parse({ amount: 150000, reference: 'ORDER-1' })).toMatchObject({
      amount: 150000,
      currency: 'KES',
      reference: 'ORDER-1',
    });
  });

  it('refuses a fractional or negative amount with a path and a message', () => {
    const result = createSessionInputSchema.safeParse({ amount: 10.5, reference: 'x' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({
      path: ['amount'],
      message: expect.stringContaining('whole number'),
    });
    expect(createSessionInputSchema.safeParse({ amount: -1, reference: 'x' }).success).toBe(false);
  });

  it('refuses a session with no reference', () => {
    expect(createSessionInputSchema.safeParse({ amount: 100, reference: '  ' }).success).toBe(
      false,
    );
  });
});

describe('startPaymentBodySchema', () => {
  it('takes no field that sets the amount', () => {
    expect(startPaymentBodySchema.parse({ phone: '0712345678', amount: 1 })).toEqual({
      phone: '0712345678',
    });
  });

  it('leaves the phone optional (redirect methods need none; the server requires it for STK)', () => {
    expect(startPaymentBodySchema.parse({ method: 'cashpay' })).toEqual({ method: 'cashpay' });
  });

  it('refuses an empty phone, a long method and a return URL that is not a URL', () => {
    expect(startPaymentBodySchema.safeParse({ phone: '' }).success).toBe(false);
    expect(startPaymentBodySchema.safeParse({ method: 'x'.repeat(41) }).success).toBe(false);
    expect(startPaymentBodySchema.safeParse({ returnUrl: 'not a url' }).success).toBe(false);
  });
});
