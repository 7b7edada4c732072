/**
 * Test helpers for the bus suites: unique channel names, a logger whose lines can be awaited,
 * and payment views shaped like `toPaymentView`'s.
 */
import { randomBytes } from 'node:crypto';
import type { PaymentStatus, PaymentView } from '@lipwa/core';
import type { LogFields, Logger } from '../logger.js';

/** A channel name no other test run uses. */
export function uniqueChannel(prefix = 'lipwa_test'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

export function busView(id: string, status: PaymentStatus = 'pending'): PaymentView {
  return {
    id,
    sessionId: `ses_${id}`,
    provider: 'daraja',
    status,
    amount: { amount: 150000, currency: 'KES' },
    reference: 'ORDER-1',
    phone: '2547•••••149',
    createdAt: '2025-03-01T09:00:00.000Z',
    updatedAt: '2025-03-01T09:00:01.000Z',
  };
}

export interface WaitingLogger extends Logger {
  readonly lines: { level: string; message: string; fields?: LogFields | undefined }[];
  /** Resolves when a line with this message is (or was) logged; rejects after `timeoutMs`. */
  next(message: string, timeoutMs?: number): Promise<void>;
}

export function waitingLogger(): WaitingLogger {
  const lines: WaitingLogger['lines'] = [];
  const waiters: { message: string; resolve: () => void }[] = [];
  function log(level: string) {
    return (message: string, fields?: LogFields) => {
      lines.push({ level, message, fields });
      for (const waiter of [...waiters]) if (waiter.message === message) waiter.resolve();
    };
  }
  return {
    lines,
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    next(message, timeoutMs = 5_000) {
      if (lines.some((line) => line.message === message)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`No log line "${message}" within ${timeoutMs} ms.`)),
          timeoutMs,
        );
        waiters.push({
          message,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
  };
}

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
