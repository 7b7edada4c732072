/**
 * The kit's reconciler runs every second. Refunds only need it for providers that keep results
 * to be asked for (`results: 'poll'`); payouts for any provider that pays out (a posted result
 * that never comes still reaches its review deadline, through the bounded `listDue`). With
 * neither, its pass must cost nothing: no walk over completed payments, no read of the payout
 * store.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../stores/memory-store.js';
import type { PaymentStore } from '../stores/payment-store.js';
import { setupKit } from '../testing/test-harness.js';
import { createMemoryPayoutStore, type PayoutStore } from './payout-store.js';

function counting<T extends object>(target: T, method: keyof T, calls: { n: number }): T {
  return new Proxy(target, {
    get(object, key, receiver) {
      const value = Reflect.get(object, key, receiver);
      if (key !== method || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.n += 1;
        return value.apply(object, args);
      };
    },
  });
}

describe('refunds and payouts on the reconciler pass', () => {
  it('read nothing when no provider reverses or pays out', async () => {
    const listed = { n: 0 };
    const pendingPayouts = { n: 0 };
    const kit = setupKit({
      store: counting<PaymentStore>(createMemoryStore(), 'list', listed),
      payoutStore: counting<PayoutStore>(createMemoryPayoutStore(), 'listDue', pendingPayouts),
    });
    await kit.startPayment(await kit.session(), { phone: '0708374149' });

    for (let pass = 0; pass < 5; pass++) await kit.reconcileOnce();

    expect(listed.n).toBe(0);
    expect(pendingPayouts.n).toBe(0);
    await kit.lipwa.close();
  });
});
