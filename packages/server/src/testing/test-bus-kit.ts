/**
 * Test helpers for the bus suites: unique channel names, the shared logger whose lines can be
 * awaited, and payment views from the shared factory.
 */
import { randomBytes } from 'node:crypto';
import type { PaymentStatus, PaymentView } from '@lipwa/core';
import { paymentView } from '@lipwa/core/testing';

/** A channel name no other test run uses. */
export function uniqueChannel(prefix = 'lipwa_test'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

/** A view as `toPaymentView` makes it (the shared factory), for payment `id`. */
export function busView(id: string, status: PaymentStatus = 'pending'): PaymentView {
  return paymentView({ id, status });
}

/** The shared recording logger: bus tests await lines with `next(message)`. */
export { recordingLogger as waitingLogger } from '@lipwa/core/testing';

/** Resolves with the first view a subscription hears; rejects after `timeoutMs`. */
export function firstView(
  subscribe: (listener: (view: PaymentView) => void) => () => void,
  timeoutMs = 5_000,
): Promise<PaymentView> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`No view heard within ${timeoutMs} ms.`));
    }, timeoutMs);
    const unsubscribe = subscribe((view) => {
      clearTimeout(timer);
      unsubscribe();
      resolve(view);
    });
  });
}
