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
  it('needs a phone and nothing that sets the amount', () => {
    expect(startPaymentBodySchema.safeParse({}).success).toBe(false);
    expect(startPaymentBodySchema.parse({ phone: '0712345678', amount: 1 })).toEqual({
      phone: '0712345678',
    });
  });
});
