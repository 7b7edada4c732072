/**
 * What the provider contract cases share: the timings they run with, the `Scenario` that starts
 * payments in one world and verifies its callbacks, the verdict and rejection helpers, and the
 * `ContractSuite` each group of cases receives. Apart from the cases (`contract-*-cases.ts`) and
 * the suite that opens worlds (`provider-contract.ts`) so those read as the contract itself.
 */
import {
  type CallbackInput,
  type CallbackResult,
  type InitiateRequest,
  type InitiateResult,
  isFinal,
  type Money,
  type StatusUpdate,
} from '@lipwa/core';
import { expect } from 'vitest';
import type {
  ContractOutcome,
  ContractWorld,
  ContractWorldOptions,
  ProviderContractFixture,
} from './contract-fixture.js';
import { contractPhones } from './contract-outcomes.js';

/**
 * The adapter timeout the hang case asks for: short enough to keep the suite fast, long enough
 * that a healthy token fetch on a loaded CI machine is not cut off too.
 */
export const HANG_TIMEOUT_MS = 500;
/** How long the hang case waits for the adapter to give up before blaming the fixture. */
export const HANG_GUARD_MS = 3_000;
/** A late callback arrives this long after the customer answered: well past a one-minute prompt. */
export const LATE_BY_MS = 5 * 60_000;
/**
 * How far past a delay the suite advances. The simulator's clock follows real time between
 * steps, and a step that took a few real milliseconds can leave a task due that much later.
 */
export const PAST_MS = 60_000;
/** Longer than any access token the providers issue (Daraja's hour, CashPay's 55 minutes). */
export const TOKENS_EXPIRED_AFTER_MS = 2 * 60 * 60_000;
/** Provider errors repeat this often, so an adapter that retries internally still has to give up. */
export const PERSISTENT = 10;

export interface Payment {
  readonly request: InitiateRequest;
  readonly started: InitiateResult;
}

/** What the contract suite does with one world: start payments, let the simulator run, verify callbacks. */
export class Scenario {
  constructor(
    readonly fixture: ProviderContractFixture,
    readonly world: ContractWorld,
  ) {}

  /** A request for `phone`, with a fresh payment id as the kit makes them (`pay_` + 32 hex). */
  request(phone: string): InitiateRequest {
    const paymentId = `pay_${crypto.randomUUID().replaceAll('-', '')}`;
    return this.world.request(phone, { paymentId });
  }

  /** Lets everything due now happen: magic numbers settle and their callbacks arrive. */
  async settle(): Promise<void> {
    await this.world.advance(0);
    await this.world.idle();
  }

  /** Starts a payment the customer answers with `outcome` (on the phone, or on the hosted page). */
  async pay(outcome: ContractOutcome, phone: string = contractPhones[outcome]): Promise<Payment> {
    const request = this.request(phone);
    const started = await this.world.adapter.initiate(request);
    if (this.fixture.flow === 'redirect') await this.world.answer(started, outcome);
    await this.settle();
    return { request, started };
  }

  /** A paid request whose callback is lost (the magic number, or a dropped callback on redirects). */
  async payLosingCallback(): Promise<Payment> {
    if (this.fixture.flow === 'stk') return this.pay('paid', contractPhones.lostCallback);
    await this.world.fault({ operation: 'callback', kind: 'drop' });
    return this.pay('paid');
  }

  /** A paid request whose callback arrives twice. */
  async payWithCallbackTwice(): Promise<Payment> {
    if (this.fixture.flow === 'stk') return this.pay('paid', contractPhones.twoCallbacks);
    await this.world.fault({ operation: 'callback', kind: 'duplicate' });
    return this.pay('paid');
  }

  /** Verifies callbacks one after another, in the order given. */
  async verify(
    inputs: readonly CallbackInput[] = this.world.received(),
  ): Promise<CallbackResult[]> {
    const results: CallbackResult[] = [];
    for (const input of inputs) results.push(await this.world.adapter.verifyCallback(input));
    return results;
  }

  /** Every update the world's callbacks verify to. */
  async updates(): Promise<StatusUpdate[]> {
    return (await this.verify()).flatMap((result) => result.updates);
  }
}

export function updatesAbout(updates: readonly StatusUpdate[], payment: Payment): StatusUpdate[] {
  return updates.filter((update) => update.providerRef === payment.started.providerRef);
}

/** The final status the updates agree on; fails when there is none or they disagree. */
export function verdictOf(updates: readonly StatusUpdate[], what: string): StatusUpdate {
  const finals = updates.filter((update) => isFinal(update.status));
  expect(finals.length, `${what}: no callback gave a final status`).toBeGreaterThan(0);
  expect(
    [...new Set(finals.map((update) => update.status))],
    `${what}: the callbacks disagree`,
  ).toHaveLength(1);
  return finals[0] as StatusUpdate;
}

/** The error `promise` rejects with; fails the test when it resolves. */
export async function rejection(promise: Promise<unknown>, what: string): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return expect.fail(`${what} succeeded, but it should have thrown`);
}

/** `promise`, or a failure saying `why` when it takes longer than `ms` of real time. */
export async function within<T>(promise: Promise<T>, ms: number, why: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(why)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

export const urlTokenNote =
  'callbacks carry no signature: the kit checks the per-payment URL token before the adapter runs (covered by the kit’s own tests)';

/** What `describeProviderContract` hands each group of cases: its fixture and how to open a world. */
export interface ContractSuite {
  readonly fixture: ProviderContractFixture;
  /** Opens a world for one case; the suite closes it after the case. */
  readonly open: (options?: ContractWorldOptions) => Promise<Scenario>;
  /** What a success must say about money: the request's amount, or nothing where the provider never says. */
  readonly expectedAmount: (requested: Money) => Money | undefined;
  /** The failure outcomes the provider can tell apart (the rest must verify to `failed`). */
  readonly expressible: ReadonlySet<ContractOutcome>;
}
