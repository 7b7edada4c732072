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
  /** `false` when a request got no answer at all (offline), `true` once one gets through again. */
  onConnection?(online: boolean): void;
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

/** Calling it stops following; `refresh()` asks the server now and reopens a dead stream. */
export type PaymentFollower = (() => void) & { refresh(): void };

/** Starts following; returns a function that stops it (aborts the stream, cancels timers). */
export function followPayment(options: FollowPaymentOptions): PaymentFollower {
  const { api, paymentId, scheduler } = options;
  const pollInterval = options.pollIntervalMs ?? 2000;
  const streamRetry = options.streamRetryMs ?? 10_000;
  const controller = new AbortController();
  let stopped = false;
  let cancelTimer: (() => void) | undefined;
  let streaming = false;
  let online = true;

  function connection(reached: boolean): void {
    if (reached === online) return;
    online = reached;
    options.onConnection?.(reached);
  }

  function offline(error: unknown): boolean {
    return error instanceof CheckoutError && error.offline;
  }

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
    if (stopped || streaming) return;
    streaming = true;
    try {
      const body = await api.openPaymentEvents(paymentId, controller.signal);
      connection(true);
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
      if (offline(error)) connection(false);
      // Anything else (network, proxy cut the stream): polling takes over below.
    } finally {
      streaming = false;
    }
    if (!stopped) poll(0);
  }

  /** One `GET /payments/:id`; true when following ended (final status or fatal error). */
  async function check(): Promise<boolean> {
    try {
      const payment = await api.getPayment(paymentId, controller.signal);
      connection(true);
      deliver(payment);
    } catch (error) {
      if (isFatal(error)) fail(error);
      else if (offline(error)) connection(false);
    }
    return stopped;
  }

  /** Back from the background or the network: the truth now, then the stream again if it died. */
  async function refresh(): Promise<void> {
    if (stopped) return;
    if (await check()) return;
    if (streaming) return;
    cancelTimer?.();
    cancelTimer = undefined;
    void stream();
  }

  async function poll(elapsed: number): Promise<void> {
    if (stopped) return;
    if (await check()) return;
    const next = elapsed + pollInterval;
    cancelTimer = scheduler.after(pollInterval, () => {
      if (next >= streamRetry) void stream();
      else void poll(next);
    });
  }

  void stream();
  return Object.assign(stop, {
    refresh() {
      void refresh();
    },
  });
}
