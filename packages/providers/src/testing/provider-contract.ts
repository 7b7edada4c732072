/**
 * `describeProviderContract(fixture)`: the one vitest suite every adapter + simulator pair passes
 * over real HTTP, so a new provider needs only a fixture (see `contract-fixture.ts`). The cases
 * read as the contract itself; a case that does not apply to a provider is skipped saying why.
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
import { afterEach, describe, expect, it } from 'vitest';
import type {
  ContractOutcome,
  ContractWorld,
  ContractWorldOptions,
  ProviderContractFixture,
} from './contract-fixture.js';
import { canonicalFailures, contractPhones, failureOutcomes } from './contract-outcomes.js';

/**
 * The adapter timeout the hang case asks for: short enough to keep the suite fast, long enough
 * that a healthy token fetch on a loaded CI machine is not cut off too.
 */
export const HANG_TIMEOUT_MS = 500;
/** How long the hang case waits for the adapter to give up before blaming the fixture. */
const HANG_GUARD_MS = 3_000;
/** A late callback arrives this long after the customer answered: well past a one-minute prompt. */
const LATE_BY_MS = 5 * 60_000;
/**
 * How far past a delay the suite advances. The simulator's clock follows real time between
 * steps, and a step that took a few real milliseconds can leave a task due that much later.
 */
const PAST_MS = 60_000;
/** Longer than any access token the providers issue (Daraja's hour, CashPay's 55 minutes). */
const TOKENS_EXPIRED_AFTER_MS = 2 * 60 * 60_000;
/** Provider errors repeat this often, so an adapter that retries internally still has to give up. */
const PERSISTENT = 10;

interface Payment {
  readonly request: InitiateRequest;
  readonly started: InitiateResult;
}

/** What the contract suite does with one world: start payments, let the simulator run, verify callbacks. */
class Scenario {
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

function updatesAbout(updates: readonly StatusUpdate[], payment: Payment): StatusUpdate[] {
  return updates.filter((update) => update.providerRef === payment.started.providerRef);
}

/** The final status the updates agree on; fails when there is none or they disagree. */
function verdictOf(updates: readonly StatusUpdate[], what: string): StatusUpdate {
  const finals = updates.filter((update) => isFinal(update.status));
  expect(finals.length, `${what}: no callback gave a final status`).toBeGreaterThan(0);
  expect(
    [...new Set(finals.map((update) => update.status))],
    `${what}: the callbacks disagree`,
  ).toHaveLength(1);
  return finals[0] as StatusUpdate;
}

/** The error `promise` rejects with; fails the test when it resolves. */
async function rejection(promise: Promise<unknown>, what: string): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return expect.fail(`${what} succeeded, but it should have thrown`);
}

/** `promise`, or a failure saying `why` when it takes longer than `ms` of real time. */
async function within<T>(promise: Promise<T>, ms: number, why: string): Promise<T> {
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

const urlTokenNote =
  'callbacks carry no signature: the kit checks the per-payment URL token before the adapter runs (covered by the kit’s own tests)';

export function describeProviderContract(fixture: ProviderContractFixture): void {
  /** What a success must say about money: the request's amount, or nothing where the provider never says. */
  const expectedAmount = (requested: Money) =>
    fixture.reportsAmount === false ? undefined : requested;

  const expressible = new Set<ContractOutcome>(fixture.expressible ?? failureOutcomes);

  describe(`${fixture.provider} honours the provider contract (${fixture.flow}, ${fixture.authentication} callbacks)`, () => {
    const worlds: ContractWorld[] = [];

    async function open(options?: ContractWorldOptions): Promise<Scenario> {
      const world = await fixture.start(options);
      worlds.push(world);
      return new Scenario(fixture, world);
    }

    afterEach(async () => {
      await Promise.all(worlds.splice(0).map((world) => world.close()));
    });

    describe('a request the customer pays', () => {
      it(`answers initiate with the next step of its flow (${fixture.flow})`, async () => {
        const scenario = await open();
        const request = scenario.request(contractPhones.paid);

        const started = await scenario.world.adapter.initiate(request);

        expect(request.amount.currency, 'the fixture’s requests use its currency').toBe(
          fixture.currency,
        );
        expect(started.providerRef).toEqual(expect.any(String));
        expect(started.providerRef).not.toBe('');
        expect(started.next.type).toBe(fixture.flow);
        if (started.next.type === 'redirect') {
          expect(URL.canParse(started.next.url), 'the redirect URL is absolute').toBe(true);
        }
      });

      it('verifies its callback to exactly one completed update for the request, with its amount', async () => {
        const scenario = await open();
        const payment = await scenario.pay('paid');

        const updates = await scenario.updates();
        const completed = updates.filter((update) => update.status === 'completed');

        expect(
          updates.map((update) => update.providerRef),
          'every update names the request’s providerRef',
        ).toEqual(updates.map(() => payment.started.providerRef));
        expect(completed, 'completed updates for one paid request').toHaveLength(1);
        expect(
          updates.every((update) => update.status === 'completed' || update.status === 'pending'),
          'a paid request never verifies to a failure',
        ).toBe(true);
        expect(completed[0]?.amount).toEqual(expectedAmount(payment.request.amount));
        if (fixture.receipts || completed[0]?.receipt !== undefined) {
          expect(completed[0]?.receipt, 'the receipt').toMatch(/\S/);
        }
      });
    });

    describe('a request the customer does not pay', () => {
      it.for(failureOutcomes)(
        'verifies %s to a final status with its canonical reason, never completed',
        async (outcome) => {
          const scenario = await open();
          const payment = await scenario.pay(outcome);

          const updates = updatesAbout(await scenario.updates(), payment);
          const verdict = verdictOf(updates, outcome);

          expect(updates.some((update) => update.status === 'completed')).toBe(false);
          if (expressible.has(outcome)) {
            expect(
              canonicalFailures[outcome],
              `${outcome} verified to ${verdict.status}/${verdict.reason ?? 'no reason'}`,
            ).toContainEqual({ status: verdict.status, reason: verdict.reason });
          } else {
            expect(verdict.status, `${outcome} is not expressible, so it is a failure`).toBe(
              'failed',
            );
          }
        },
      );
    });

    describe('reconciliation by query', () => {
      it.for(['paid', ...failureOutcomes] as const)(
        'tells the same story by query as by callback once a %s request ended',
        async (outcome, context) => {
          const scenario = await open();
          const query = scenario.world.adapter.query?.bind(scenario.world.adapter);
          if (!query) return context.skip('the adapter has no query');
          const payment = await scenario.pay(outcome);

          const verdict = verdictOf(updatesAbout(await scenario.updates(), payment), outcome);
          const queried = await query(payment.started.providerRef);

          expect(queried).toMatchObject({
            providerRef: payment.started.providerRef,
            status: verdict.status,
            ...(verdict.reason === undefined ? {} : { reason: verdict.reason }),
          });
        },
      );
    });

    describe('lost, late, repeated and reordered callbacks', () => {
      it('sends no callback for a paid request whose callback is lost', async () => {
        const scenario = await open();

        await scenario.payLosingCallback();

        expect(scenario.world.received()).toEqual([]);
      });

      it('finds a paid request whose callback was lost completed by query', async (context) => {
        const scenario = await open();
        const query = scenario.world.adapter.query?.bind(scenario.world.adapter);
        if (!query) return context.skip('the adapter has no query (see the late-callback case)');
        const payment = await scenario.payLosingCallback();

        const queried = await query(payment.started.providerRef);

        expect(queried).toMatchObject({
          providerRef: payment.started.providerRef,
          status: 'completed',
        });
      });

      it('still verifies a late success callback to completed, long after the prompt ended', async () => {
        const scenario = await open();
        await scenario.world.fault({ operation: 'callback', kind: 'delay', delayMs: LATE_BY_MS });
        const payment = await scenario.pay('paid');
        const beforeTheDelay = scenario.world.received().length;

        await scenario.world.advance(LATE_BY_MS + PAST_MS);
        await scenario.settle();
        const updates = updatesAbout(await scenario.updates(), payment);

        expect(beforeTheDelay, 'callbacks before the delay ran out').toBe(0);
        const verdict = verdictOf(updates, 'the late callback');
        expect(verdict.status).toBe('completed');
        expect(verdict.amount).toEqual(expectedAmount(payment.request.amount));
      });

      it('verifies a callback delivered twice to the same update both times', async () => {
        const scenario = await open();
        const payment = await scenario.payWithCallbackTwice();

        const finals = (await scenario.verify())
          .map((result) => updatesAbout(result.updates, payment))
          .filter((updates) => updates.some((update) => isFinal(update.status)));

        expect(finals.length, 'callbacks with the final status').toBeGreaterThanOrEqual(2);
        for (const updates of finals.slice(1)) expect(updates).toEqual(finals[0]);
        expect(finals[0]?.filter((update) => update.status === 'completed')).toHaveLength(1);
      });

      it('verifies callbacks in any order, each to the same result every time', async () => {
        const scenario = await open();
        await scenario.payWithCallbackTwice();
        await scenario.pay('cancelled');
        const inputs = scenario.world.received();

        const forwards = await scenario.verify(inputs);
        const backwards = (await scenario.verify([...inputs].reverse())).reverse();

        expect(inputs.length, 'callbacks from two requests').toBeGreaterThanOrEqual(3);
        expect(backwards).toEqual(forwards);
      });
    });

    describe('forged and foreign callbacks', () => {
      for (const how of ['tamper', 'unsigned'] as const) {
        const forgery =
          how === 'tamper' ? 'whose body was altered after signing' : 'whose signature was removed';
        it(`refuses a callback ${forgery} with a CallbackError`, async (context) => {
          if (fixture.authentication === 'url-token') return context.skip(urlTokenNote);
          if (fixture.authentication === 'refetch') {
            return context.skip('the body is never trusted: see the refetch case');
          }
          const scenario = await open();
          await scenario.pay('paid');
          const [genuine] = scenario.world.received();
          if (!genuine) return expect.fail('no callback arrived for a paid request');
          const forged = fixture.forge(genuine, how);
          if (!forged) return context.skip(`the fixture has no ${how} forgery`);

          const error = await rejection(
            scenario.world.adapter.verifyCallback(forged),
            `verifying a ${how} callback`,
          );

          expect(error).toMatchObject(
            how === 'tamper'
              ? { name: 'CallbackError', code: 'invalid_signature' }
              : { name: 'CallbackError' },
          );
          await expect(scenario.world.adapter.verifyCallback(genuine)).resolves.toBeDefined();
        });
      }

      it('never lets a callback body claim a success the provider does not confirm', async (context) => {
        if (fixture.authentication === 'url-token') return context.skip(urlTokenNote);
        if (fixture.authentication === 'signature') {
          return context.skip('the signature cases cover altered bodies');
        }
        const scenario = await open();
        const payment = await scenario.pay('insufficient_funds');
        const [genuine] = scenario.world.received();
        if (!genuine) return expect.fail('no callback arrived for an unpaid request');
        const truth = verdictOf(
          updatesAbout((await scenario.verify([genuine]))[0]?.updates ?? [], payment),
          'the genuine callback',
        );
        const forgeries = (['tamper', 'unsigned'] as const).flatMap((how) => {
          const forged = fixture.forge(genuine, how);
          return forged ? [{ how, forged }] : [];
        });
        if (forgeries.length === 0) return context.skip('the fixture has no forgeries');

        for (const { how, forged } of forgeries) {
          const verified = await scenario.world.adapter
            .verifyCallback(forged)
            .catch((error: unknown) => error);
          if (verified instanceof Error) {
            expect(verified, `a ${how} callback is refused`).toMatchObject({
              name: 'CallbackError',
            });
            continue;
          }
          const updates = (verified as CallbackResult).updates;
          expect(
            updates.filter((update) => update.status === 'completed'),
            `a ${how} callback about an unpaid request`,
          ).toEqual([]);
          for (const update of updatesAbout(updates, payment).filter((u) => isFinal(u.status))) {
            expect(update.status, `a ${how} callback tells the provider’s truth`).toBe(
              truth.status,
            );
          }
        }
      });

      it('verifies a genuine callback about another payment without pinning it on this one', async (context) => {
        if (!fixture.foreign) return context.skip('the fixture offers no foreign callback');
        const scenario = await open();
        const payment = await scenario.pay('paid');
        const foreign = await fixture.foreign(scenario.world);
        if (!foreign) return context.skip('the fixture has no foreign callback for this world');

        const { updates } = await scenario.world.adapter.verifyCallback(foreign);

        expect(updates.length, 'updates in the foreign callback').toBeGreaterThan(0);
        for (const update of updates) {
          expect(update.providerRef).not.toBe(payment.started.providerRef);
        }
      });
    });

    describe('provider errors when initiating', () => {
      it('reports a 429 as a retryable ProviderError', async () => {
        const scenario = await open();
        await scenario.world.fault({
          operation: 'stkpush',
          kind: 'http',
          status: 429,
          times: PERSISTENT,
        });

        const error = await rejection(
          scenario.world.adapter.initiate(scenario.request(contractPhones.paid)),
          'initiate answered 429',
        );

        expect(error).toMatchObject({ name: 'ProviderError', retryable: true });
        const { retryAfterMs } = error as { retryAfterMs?: unknown };
        if (fixture.retryAfter || retryAfterMs !== undefined) {
          expect(retryAfterMs, 'retryAfterMs from the provider’s 429').toBeGreaterThan(0);
        }
      });

      it('reports a 500 as a retryable ProviderError', async () => {
        const scenario = await open();
        await scenario.world.fault({
          operation: 'stkpush',
          kind: 'http',
          status: 500,
          times: PERSISTENT,
        });

        const error = await rejection(
          scenario.world.adapter.initiate(scenario.request(contractPhones.paid)),
          'initiate answered 500',
        );

        expect(error).toMatchObject({ name: 'ProviderError', retryable: true });
      });

      it('reports an initiate that hangs as an ambiguous ProviderError once its timeout passes', async () => {
        const scenario = await open({ timeoutMs: HANG_TIMEOUT_MS });
        await scenario.world.fault({ operation: 'stkpush', kind: 'hang' });

        const error = await within(
          rejection(
            scenario.world.adapter.initiate(scenario.request(contractPhones.paid)),
            'a hung initiate',
          ),
          HANG_GUARD_MS,
          `the adapter did not give up on a hung initiate within ${HANG_GUARD_MS} ms: does the fixture pass start({ timeoutMs }) to the adapter?`,
        );

        // The request may have reached the provider: the kit must query before pushing again.
        expect(error).toMatchObject({ name: 'ProviderError', ambiguous: true });
      });

      it('reports a malformed answer as a ProviderError, never a crash', async (context) => {
        if (!fixture.malformed) {
          return context.skip('the fixture cannot make an initiate answer malformed');
        }
        const scenario = await open();
        await fixture.malformed(scenario.world);

        const error = await rejection(
          scenario.world.adapter.initiate(scenario.request(contractPhones.paid)),
          'initiate answered malformed',
        );

        expect(error).toMatchObject({ name: 'ProviderError' });
      });
    });

    describe('access tokens', () => {
      it('still initiates after its access token expired between two payments', async (context) => {
        if (fixture.accessTokens === false) {
          return context.skip('the adapter authenticates without access tokens');
        }
        const scenario = await open();
        const first = await scenario.pay('paid');

        await scenario.world.advance(TOKENS_EXPIRED_AFTER_MS);
        const second = await scenario.pay('paid');
        const updates = updatesAbout(await scenario.updates(), second);

        expect(second.started.next.type).toBe(fixture.flow);
        expect(second.started.providerRef).not.toBe(first.started.providerRef);
        expect(verdictOf(updates, 'the second payment').status).toBe('completed');
      });
    });
  });
}
