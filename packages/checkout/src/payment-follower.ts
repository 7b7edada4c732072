/**
 * Follows one payment until it reaches a final status: reads the server's event stream and, if
 * the stream fails or ends early, polls `GET /payments/:id` and tries the stream again later.
 */
import { isFinal, type PaymentView } from '@lipwa/core';
import { type CheckoutApi, isPaymentView } from './api-client.js';
import { CheckoutError } from './checkout-error.js';
import { readEventStream } from './event-stream.js';
import type { Scheduler } from './scheduler.js';

export interface FollowPaymentOptions {
  api: CheckoutApi;
  paymentId: string;
  scheduler: Scheduler;
  /** Every view the server reports, in order; the last one may be final. */
  onPayment(payment: PaymentView): void;
  /** Following cannot continue (the session expired, the payment is gone). */
  onError(error: CheckoutError): void;
  /** Delay between polls while the stream is down. Default 2000 ms. */
  pollIntervalMs?: number;
  /** How long to poll before trying the stream again. Default 10000 ms. */
  streamRetryMs?: number;
}

const fatalCodes: ReadonlySet<string> = new Set([
  'session_expired',
  'invalid_session',
  'payment_not_found',
]);

function isFatal(error: unknown): error is CheckoutError {
  return error instanceof CheckoutError && fatalCodes.has(error.code);
}

function paymentIn(data: string): PaymentView | undefined {
  try {
    const value: unknown = JSON.parse(data);
    if (isPaymentView(value)) return value;
    // Tolerate `{ payment }` envelopes, the shape the JSON routes use.
    if (typeof value === 'object' && value !== null && 'payment' in value) {
      return isPaymentView(value.payment) ? value.payment : undefined;
    }
  } catch {
    // A malformed event is skipped; the next event or a poll brings the truth.
  }
  return undefined;
}

/** Starts following; returns a function that stops it (aborts the stream, cancels timers). */
export function followPayment(options: FollowPaymentOptions): () => void {
  const { api, paymentId, scheduler } = options;
  const pollInterval = options.pollIntervalMs ?? 2000;
  const streamRetry = options.streamRetryMs ?? 10_000;
  const controller = new AbortController();
  let stopped = false;
  let cancelTimer: (() => void) | undefined;

  function stop(): void {
    if (stopped) return;
    stopped = true;
    cancelTimer?.();
    controller.abort();
  }

  function deliver(payment: PaymentView): void {
    if (stopped) return;
    options.onPayment(payment);
    if (isFinal(payment.status)) stop();
  }

  function fail(error: CheckoutError): void {
    if (stopped) return;
    stop();
    options.onError(error);
  }

  async function stream(): Promise<void> {
    try {
      const body = await api.openPaymentEvents(paymentId, controller.signal);
      await readEventStream(
        body,
        (message) => {
          if (message.event !== 'payment') return;
          const payment = paymentIn(message.data);
          if (payment) deliver(payment);
        },
        controller.signal,
      );
    } catch (error) {
      if (isFatal(error)) return fail(error);
      // Anything else (network, proxy cut the stream): polling takes over below.
    }
    if (!stopped) poll(0);
  }

  async function poll(elapsed: number): Promise<void> {
    if (stopped) return;
    try {
      deliver(await api.getPayment(paymentId, controller.signal));
    } catch (error) {
      if (isFatal(error)) return fail(error);
    }
    if (stopped) return;
    const next = elapsed + pollInterval;
    cancelTimer = scheduler.after(pollInterval, () => {
      if (next >= streamRetry) void stream();
      else void poll(next);
    });
  }

  void stream();
  return stop;
}
