/**
 * The simulator's `control` over every provider (prompts, faults, callbacks, simulated time),
 * the same object tests use in process and `/_control` serves over HTTP, and `createEngine`, which
 * puts each provider's engine and the control together on one kit. The control is provider-neutral:
 * the one provider-specific call, `resolve` (a prompt settled with Daraja's own ResultCode), and
 * each provider's reset come in as hooks.
 */

import type { CallbackDelivery } from './callback-sender.js';
import { createDarajaEngine, type DarajaEngine, type Settlement } from './daraja/daraja-engine.js';
import type { Fault, FaultSpec } from './faults.js';
import type { SimulatorKit } from './kit.js';
import type { Outcome } from './outcomes.js';
import type { PhonePrompt } from './phone-book.js';

export type { Settlement } from './daraja/daraja-engine.js';

/** A pending prompt on any provider, as the virtual phone and `GET /_control/prompts` show it. */
export type Prompt = PhonePrompt;

/** Test and fault-injection controls; `/_control` mirrors them over HTTP. */
export interface SimulatorControl {
  /** Prompts still waiting for an answer on every provider, oldest first. */
  prompts(): Prompt[];
  /**
   * Settles a Daraja prompt with any documented ResultCode (a number or text, e.g. `"SFC_IC0003"`)
   * and delivers its callback (unless a fault says otherwise). `4999` sends a "still processing"
   * callback and leaves the prompt open. Resolves once immediate deliveries finished.
   */
  resolve(checkoutRequestId: string, outcome: { resultCode: number | string }): Promise<Settlement>;
  /** Settles a pending prompt on any provider with a canonical outcome, said in that provider's codes. */
  answer(id: string, outcome: Outcome): Promise<void>;
  /** Queues a fault (for `provider`, default `daraja`); throws `invalid_request` when the spec is malformed. */
  fault(spec: FaultSpec): Fault;
  /** Faults still queued. */
  faults(): Fault[];
  clearFaults(): void;
  /** Sets (or with `undefined` clears) a dashboard-registered webhook URL (Cashfin, payment apps). */
  setWebhookUrl(provider: 'cashfin' | 'payment-apps', url: string | undefined): void;
  /** Every callback delivery attempt so far on every provider, oldest first. */
  callbacks(): CallbackDelivery[];
  /** Forgets prompts, settled requests, faults and the callback log. Issued tokens stay valid. */
  reset(): void;
  /** Moves simulated time forward (auto-resolves, prompt timeouts, token expiry, delays) and waits for the callbacks it caused. */
  advance(ms: number): Promise<void>;
  /** Waits until no callback delivery is in flight. */
  idle(): Promise<void>;
}

/** What the control needs from the providers' engines. */
export interface ProviderHooks {
  /** Settles a prompt in a provider's own result code (today Daraja's, by CheckoutRequestID). */
  readonly resolve: SimulatorControl['resolve'];
  /** Forgets the providers' own state (requests, settlements, their timers). */
  readonly reset: () => void;
}

export function createControl(kit: SimulatorKit, providers: ProviderHooks): SimulatorControl {
  return {
    prompts: () => kit.phones.list(),
    resolve: (id, outcome) => providers.resolve(id, outcome),
    async answer(id, outcome) {
      await kit.phones.answer(id, outcome);
    },
    fault: (spec) => kit.addFault(spec),
    faults: () => kit.faults(),
    clearFaults: () => kit.clearFaults(),
    callbacks: () => kit.callbacks(),
    setWebhookUrl: (provider, url) => kit.setWebhookUrl(provider, url),
    reset() {
      providers.reset();
      kit.reset();
    },
    async advance(ms) {
      kit.scheduler.advance(ms);
      await kit.idle();
    },
    idle: () => kit.idle(),
  };
}

/** Daraja's engine (what its router drives) plus the control, on one kit. */
export interface Engine extends DarajaEngine {
  readonly control: SimulatorControl;
  /** Clears every timer and aborts callbacks in flight. */
  close(): void;
}

export function createEngine(kit: SimulatorKit): Engine {
  const daraja = createDarajaEngine(kit);
  return {
    ...daraja,
    control: createControl(kit, daraja),
    close: () => kit.close(),
  };
}
