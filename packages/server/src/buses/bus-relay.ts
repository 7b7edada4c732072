/**
 * What the cross-instance buses share: local delivery, the wire message, the self-origin rule
 * and re-reading payments when a message carries no view or after a reconnect.
 */
import { randomUUID } from 'node:crypto';
import { ConfigError, type PaymentView, paymentViewSchema } from '@lipwa/core';
import { createConsoleLogger, type Logger, redactingLogger } from '../logger.js';
import type { EventBusContext } from './event-bus.js';
import { createLocalListeners, type PaymentListener } from './local-listeners.js';

/** One published change on the wire. `view` is left out when it would not fit the transport. */
export interface BusMessage {
  readonly paymentId: string;
  /** The instance id of the bus that published it. */
  readonly origin: string;
  readonly view?: PaymentView;
}

export type LoadPayment = (paymentId: string) => Promise<PaymentView | undefined>;

/** Both buses accept the same optional `load`; refuse anything that cannot be called. */
export function assertLoadOption(busFactory: string, load: unknown): void {
  if (load !== undefined && typeof load !== 'function') {
    throw new ConfigError(
      `${busFactory} \`load\` must be a function (paymentId) => Promise<PaymentView | undefined>.`,
    );
  }
}

export interface BusRelayOptions {
  /** For log lines, e.g. `PostgreSQL bus lipwa_payments`. */
  readonly name: string;
  readonly logger?: Logger | undefined;
  readonly load?: LoadPayment | undefined;
  /** Messages this long or longer carry only the payment id. */
  readonly maxPayloadBytes?: number | undefined;
}

export interface BusRelay {
  /** This bus's random instance id. */
  readonly origin: string;
  subscribe(paymentId: string, listener: PaymentListener): () => void;
  deliverLocal(paymentId: string, view: PaymentView): void;
  /** The wire text announcing `view`. */
  encode(paymentId: string, view: PaymentView): string;
  /** Handles wire text from the transport: ignores our own and malformed messages. */
  receive(text: string): void;
  /** Re-reads every payment with a listener here (after a reconnect may have lost messages). */
  resync(): void;
  attach(context: EventBusContext): void;
  logger(): Logger;
}

function parse(text: string): BusMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { paymentId, origin, view } = value as Record<string, unknown>;
  if (typeof paymentId !== 'string' || typeof origin !== 'string') return undefined;
  if (view === undefined) return { paymentId, origin };
  // Anyone who can reach the channel can publish to it: only well-formed views reach streams.
  if (!paymentViewSchema.safeParse(view).success) return undefined;
  // Delivered as sent (not zod's copy) so key order, and so the stream's dedup, match the sender.
  const parsed = view as PaymentView;
  return parsed.id === paymentId ? { paymentId, origin, view: parsed } : undefined;
}

export function createBusRelay(options: BusRelayOptions): BusRelay {
  const origin = randomUUID();
  let logger = redactingLogger(options.logger ?? createConsoleLogger());
  let load = options.load;
  const local = createLocalListeners((error) =>
    logger.error({ bus: options.name, error }, 'A status listener threw'),
  );

  function reload(paymentId: string): void {
    if (!load) {
      logger.warn(
        { bus: options.name, paymentId },
        'A bus message without a view arrived but the bus has no `load` to re-read the payment; pass the bus to createLipwa or give it `load`.',
      );
      return;
    }
    load(paymentId).then(
      (view) => {
        if (view) local.deliver(paymentId, view);
      },
      (error: unknown) =>
        logger.error(
          {
            bus: options.name,
            paymentId,
            error,
          },
          'Could not re-read a payment for its status streams',
        ),
    );
  }

  return {
    origin,
    subscribe: (paymentId, listener) => local.add(paymentId, listener),
    deliverLocal: (paymentId, view) => local.deliver(paymentId, view),
    encode(paymentId, view) {
      const full = JSON.stringify({ paymentId, origin, view } satisfies BusMessage);
      const limit = options.maxPayloadBytes;
      if (limit === undefined || Buffer.byteLength(full) < limit) return full;
      return JSON.stringify({ paymentId, origin } satisfies BusMessage);
    },
    receive(text) {
      const message = parse(text);
      if (!message) {
        logger.warn({ bus: options.name }, 'Ignored a malformed message on the status bus');
        return;
      }
      // Our own publish was delivered locally already: hearing it again would duplicate it.
      if (message.origin === origin || !local.has(message.paymentId)) return;
      if (message.view) local.deliver(message.paymentId, message.view);
      else reload(message.paymentId);
    },
    resync() {
      if (!load) return;
      for (const paymentId of local.paymentIds()) reload(paymentId);
    },
    attach(context) {
      if (!options.logger) logger = context.logger;
      if (!options.load) load = context.load;
    },
    logger: () => logger,
  };
}
