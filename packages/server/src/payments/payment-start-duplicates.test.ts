/**
 * Starting a payment twice: one reference is one payable thing, and an Idempotency-Key answers a
 * repeat with the same payment.
 */
import { ValidationError } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import { setupKit } from '../testing/test-harness.js';
import { caught } from './test-caught.js';

describe('one reference is one payable thing', () => {
  it('resumes the pending attempt when another session for the same order starts a payment (a second tab, a reload after the token expired)', async () => {
    const kit = setupKit();
    const firstTab = await kit.session();
    const secondTab = await kit.session();
    const first = await kit.startPayment(firstTab, { phone: '0712345678' });

    const second = await kit.startPayment(secondTab, { phone: '0712345678' });

    expect(second).toEqual({ payment: first.payment, created: false });
    expect(kit.adapter.initiated).toHaveLength(1);
  });

  it('refuses a new session for a paid order with session_paid, pushing nothing', async () => {
    const kit = setupKit();
    const { payment } = await kit.startPayment(await kit.session(), {
      phone: '0712345678',
    });
    await kit.store.update(payment.id, (await kit.store.get(payment.id))?.version ?? 0, {
      status: 'completed',
      receipt: 'NLJ7RT61SV',
    });

    const error = await caught(kit.startPayment(await kit.session(), { phone: '0712345678' }));

    expect(error.code).toBe('session_paid');
    expect(kit.adapter.initiated).toHaveLength(1);
  });

  it('refuses to charge a pending order a different amount (reference_in_use)', async () => {
    const kit = setupKit();
    await kit.startPayment(await kit.session(), { phone: '0712345678' });

    const error = await caught(
      kit.startPayment(await kit.session({ amount: 99_900 }), { phone: '0712345678' }),
    );

    expect(error.code).toBe('reference_in_use');
    expect(kit.adapter.initiated).toHaveLength(1);
  });

  it('keeps different orders apart: each reference gets its own attempt', async () => {
    const kit = setupKit();

    await kit.startPayment(await kit.session(), { phone: '0712345678' });
    await kit.startPayment(await kit.session({ reference: 'ORDER-2' }), {
      phone: '0712345678',
    });

    expect(kit.adapter.initiated.map((request) => request.reference)).toEqual([
      'ORDER-1',
      'ORDER-2',
    ]);
  });
});

describe('Idempotency-Key', () => {
  it('answers the same attempt for the same key and body', async () => {
    const kit = setupKit();
    const token = await kit.session();
    const first = await kit.startPayment(token, { phone: '0712345678' }, { idempotencyKey: 'k1' });

    const again = await kit.startPayment(
      token,
      { phone: '0712 345 678' },
      { idempotencyKey: 'k1' },
    );

    expect(again.payment.id).toBe(first.payment.id);
  });

  it('refuses the same key with a different body: 422 idempotency_mismatch, not the old attempt', async () => {
    const kit = setupKit();
    const token = await kit.session();
    await kit.startPayment(token, { phone: '0712345678' }, { idempotencyKey: 'k1' });

    const error = await caught(
      kit.startPayment(token, { phone: '0722000000' }, { idempotencyKey: 'k1' }),
    );

    expect(error).toBeInstanceOf(ValidationError);
    expect(error.code).toBe('idempotency_mismatch');
    expect(kit.adapter.initiated).toHaveLength(1);
  });
});
