/**
 * What every provider's simulator shares: the simulated clock and timers, the phone book of
 * pending prompts, the queued faults and the callback sender. A provider simulator is a router
 * built on a kit (`cashfinRouter(kit)`), so one control API and one virtual phone drive all of them.
 */
import {
  type CallbackDelivery,
  createCallbackSender,
  type OutgoingCallback,
} from './callback-sender.js';
import {
  createFaultBook,
  type Fault,
  type FaultOperation,
  type FaultSpec,
  type SimulatedProvider,
} from './faults.js';
import type { SimulatorConfig } from './options.js';
import { createPhoneBook, type PhoneBook } from './phone-book.js';
import { createScheduler, type Scheduler } from './scheduler.js';

export interface SimulatorKit {
  readonly config: SimulatorConfig;
  readonly scheduler: Scheduler;
  readonly phones: PhoneBook;
  /** The simulator's time: the injected clock plus however far tests advanced it. */
  now(): number;
  /** Resolves after `ms` of simulated time. */
  wait(ms: number): Promise<void>;
  /** Uses up one fault queued for `operation` on `provider`, if any. */
  takeFault(operation: FaultOperation, provider: SimulatedProvider): Fault | undefined;
  addFault(spec: FaultSpec): Fault;
  faults(): Fault[];
  clearFaults(): void;
  /**
   * Sends a callback `copies` times, honouring the provider's queued callback fault (drop,
   * duplicate, delay). Resolves when immediate deliveries end; delayed ones are tracked.
   */
  deliver(callback: OutgoingCallback, copies?: number): Promise<void>;
  callbacks(): CallbackDelivery[];
  /**
   * The URL a provider with dashboard-registered webhooks (Cashfin, payment apps) posts to, as
   * the merchant set it (`webhooks` option, `PUT /_control/webhooks/:provider`), if any.
   */
  webhookUrl(provider: SimulatedProvider): string | undefined;
  setWebhookUrl(provider: SimulatedProvider, url: string | undefined): void;
  /** Keeps `promise` in the set `idle()` waits for. */
  track<T>(promise: Promise<T>): Promise<T>;
  /** Waits until no callback delivery is in flight. */
  idle(): Promise<void>;
  log(line: string): void;
  /** Forgets prompts, faults, delayed deliveries and the callback log. */
  reset(): void;
  /** Runs `listener` on every `reset()`, so a provider simulator forgets its own requests too. */
  onReset(listener: () => void): void;
  close(): void;
}

export function createKit(config: SimulatorConfig): SimulatorKit {
  const scheduler = createScheduler(config.clock);
  const faults = createFaultBook();
  const sender = createCallbackSender({
    now: scheduler.now,
    timeoutMs: config.callbackTimeoutMs,
    log: config.log,
  });
  const phones = createPhoneBook({
    scheduler,
    autoResolveDelayMs: config.autoResolveDelayMs,
    promptTimeoutMs: config.promptTimeoutMs,
    log: config.log,
  });
  const delayed = new Set<() => void>();
  const webhooks = new Map<SimulatedProvider, string>(
    Object.entries(config.webhooks) as [SimulatedProvider, string][],
  );
  const inflight = new Set<Promise<unknown>>();
  const resetListeners: (() => void)[] = [];

  function track<T>(promise: Promise<T>): Promise<T> {
    inflight.add(promise);
    void promise.finally(() => inflight.delete(promise)).catch(() => undefined);
    return promise;
  }

  return {
    config,
    scheduler,
    phones,
    now: scheduler.now,
    wait: (ms) => new Promise((resolve) => scheduler.schedule(ms, resolve)),
    takeFault: (operation, provider) => faults.take(operation, provider),
    addFault(spec) {
      const fault = faults.add(spec);
      config.log(
        `fault queued: ${fault.provider} ${fault.operation} ${fault.kind} x${fault.remaining}`,
      );
      return fault;
    },
    faults: () => faults.list(),
    clearFaults: () => faults.clear(),
    async deliver(callback, copies = 1) {
      if (copies === 0) return;
      const fault = faults.take('callback', callback.provider as SimulatedProvider);
      if (fault?.kind === 'drop') {
        sender.recordDropped(callback);
        return;
      }
      const total = fault?.kind === 'duplicate' ? copies + 1 : copies;
      const sendAll = async () => {
        for (let i = 0; i < total; i++) await sender.send(callback);
      };
      if (fault?.kind === 'delay') {
        const cancel = scheduler.schedule(fault.delayMs, () => {
          delayed.delete(cancel);
          void track(sendAll());
        });
        delayed.add(cancel);
        return;
      }
      await track(sendAll());
    },
    callbacks: () => sender.log(),
    webhookUrl: (provider) => webhooks.get(provider),
    setWebhookUrl(provider, url) {
      if (url === undefined) webhooks.delete(provider);
      else webhooks.set(provider, url);
    },
    track,
    async idle() {
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
    },
    log: config.log,
    reset() {
      phones.reset();
      for (const cancel of delayed) cancel();
      delayed.clear();
      faults.clear();
      sender.clear();
      for (const listener of resetListeners) listener();
    },
    onReset(listener) {
      resetListeners.push(listener);
    },
    close() {
      scheduler.cancelAll();
      delayed.clear();
      sender.abortAll();
    },
  };
}
