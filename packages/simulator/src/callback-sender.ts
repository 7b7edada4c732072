/**
 * Delivers callbacks with the global `fetch` and keeps a log of every attempt. A failed
 * delivery is logged, never fatal: Daraja does not care whether the merchant was listening.
 */
export interface CallbackDelivery {
  readonly url: string;
  readonly body: unknown;
  readonly checkoutRequestId: string;
  /** The receiver's HTTP status, when it answered. */
  readonly status?: number;
  /** Why the delivery failed or did not happen (`dropped by fault`). */
  readonly error?: string;
  /** ISO time of the attempt, on the simulator's clock. */
  readonly at: string;
}

export interface CallbackSender {
  send(url: string, checkoutRequestId: string, body: unknown): Promise<CallbackDelivery>;
  /** Records a delivery that a fault suppressed. */
  recordDropped(url: string, checkoutRequestId: string, body: unknown): void;
  log(): CallbackDelivery[];
  clear(): void;
  /** Aborts deliveries in flight (on close). */
  abortAll(): void;
}

export interface CallbackSenderOptions {
  now(): number;
  timeoutMs: number;
  log(line: string): void;
}

export function createCallbackSender(options: CallbackSenderOptions): CallbackSender {
  let deliveries: CallbackDelivery[] = [];
  let closing = new AbortController();
  const at = () => new Date(options.now()).toISOString();

  return {
    async send(url, checkoutRequestId, body) {
      const attemptedAt = at();
      let delivery: CallbackDelivery;
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.any([closing.signal, AbortSignal.timeout(options.timeoutMs)]),
        });
        await response.arrayBuffer().catch(() => undefined);
        delivery = { url, body, checkoutRequestId, status: response.status, at: attemptedAt };
        options.log(
          `callback ${checkoutRequestId} -> ${new URL(url).origin} answered ${response.status}`,
        );
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        delivery = { url, body, checkoutRequestId, error: reason, at: attemptedAt };
        options.log(`callback ${checkoutRequestId} -> ${new URL(url).origin} failed: ${reason}`);
      }
      deliveries.push(delivery);
      return delivery;
    },
    recordDropped(url, checkoutRequestId, body) {
      deliveries.push({ url, body, checkoutRequestId, error: 'dropped by fault', at: at() });
      options.log(`callback ${checkoutRequestId} dropped by fault`);
    },
    log() {
      return [...deliveries];
    },
    clear() {
      deliveries = [];
    },
    abortAll() {
      closing.abort();
      closing = new AbortController();
    },
  };
}
