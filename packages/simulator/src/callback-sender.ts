/**
 * Delivers callbacks with the global `fetch` and keeps a log of every attempt. A failed
 * delivery is logged, never fatal: Daraja does not care whether the merchant was listening.
 */
export interface CallbackDelivery {
  /** Which provider's simulator sent it. */
  readonly provider: string;
  readonly url: string;
  readonly body: unknown;
  /** The provider's id for the request the callback is about (Daraja's CheckoutRequestID, …). */
  readonly requestId: string;
  /** The receiver's HTTP status, when it answered. */
  readonly status?: number;
  /** Why the delivery failed or did not happen (`dropped by fault`). */
  readonly error?: string;
  /** ISO time of the attempt, on the simulator's clock. */
  readonly at: string;
}

/** One callback to send: the JSON body, or exact bytes and headers when the provider signs them. */
export interface OutgoingCallback {
  readonly provider: string;
  readonly requestId: string;
  readonly url: string;
  readonly body: unknown;
  /** Sent as is when set (signatures are over these bytes); otherwise `JSON.stringify(body)`. */
  readonly rawBody?: string | undefined;
  /** Extra headers (signatures, event names); `content-type` defaults to `application/json`. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

export interface CallbackSender {
  send(callback: OutgoingCallback): Promise<CallbackDelivery>;
  /** Records a delivery that a fault suppressed. */
  recordDropped(callback: OutgoingCallback): void;
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
    async send(callback) {
      const { provider, requestId, url, body } = callback;
      const attemptedAt = at();
      let delivery: CallbackDelivery;
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...callback.headers },
          body: callback.rawBody ?? JSON.stringify(body),
          signal: AbortSignal.any([closing.signal, AbortSignal.timeout(options.timeoutMs)]),
        });
        await response.arrayBuffer().catch(() => undefined);
        delivery = { provider, url, body, requestId, status: response.status, at: attemptedAt };
        options.log(
          `${provider} callback ${requestId} -> ${new URL(url).origin} answered ${response.status}`,
        );
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        delivery = { provider, url, body, requestId, error: reason, at: attemptedAt };
        options.log(
          `${provider} callback ${requestId} -> ${new URL(url).origin} failed: ${reason}`,
        );
      }
      deliveries.push(delivery);
      return delivery;
    },
    recordDropped({ provider, requestId, url, body }) {
      deliveries.push({ provider, url, body, requestId, error: 'dropped by fault', at: at() });
      options.log(`${provider} callback ${requestId} dropped by fault`);
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
