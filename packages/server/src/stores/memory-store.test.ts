import { describe, expect, it } from 'vitest';
import { describeStoreConformance } from '../testing/store-conformance.js';
import { createMemoryStore } from './memory-store.js';
import type { PaymentRecord } from './payment-record.js';

describeStoreConformance('the memory store', () => createMemoryStore());

describe('the memory store', () => {
  it('hands out frozen records so callers cannot change stored state behind its back', async () => {
    const store = createMemoryStore();
    const { record } = await store.createAttempt({
      id: 'pay_1',
      sessionId: 'ses_1',
      provider: 'daraja',
      status: 'pending',
      amount: { amount: 100, currency: 'KES' },
      reference: 'R',
      phone: '254712345678' as PaymentRecord['phone'],
      callbackTokenHash: 'a'.repeat(64),
      createdAt: 0,
      updatedAt: 0,
      queryCount: 0,
      version: 1,
    });

    expect(Object.isFrozen(record)).toBe(true);
  });
});
