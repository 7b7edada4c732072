/**
 * The commands of a money-safety run (money-invariants.test.ts): plain data, so a failing run
 * prints (and shrinks to) a readable script; their arbitraries; and how each acts on the world.
 */
import { isLipwaError } from '@lipwa/core';
import fc from 'fast-check';
import { expect } from 'vitest';
import type { Lipwa } from '../lipwa.js';
import {
  AMOUNT,
  allQueryStyles,
  type InitiateBehaviour,
  isSettled,
  type Outcome,
  PHONES,
  type Push,
  type QueryStyle,
  REFERENCES,
} from './test-money-provider.js';
import type { World } from './test-money-world.js';

export type Clicks = 'once' | 'double' | 'double_same_key' | 'retry_same_key' | 'retry_other_phone';
/** `late`: the callback arrives after the next reconciler pass, with any other late ones at once. */
export type Delivery = 'once' | 'lost' | 'late' | 'twice' | 'twice_concurrently';

export type Command =
  | {
      readonly kind: 'start';
      readonly reference: number;
      /** `new`: a reload or another tab mints a fresh session; a number reuses one. */
      readonly session: 'new' | number;
      readonly phone: number;
      readonly clicks: Clicks;
      readonly initiate: InitiateBehaviour;
    }
  | {
      readonly kind: 'customer';
      readonly push: number;
      readonly outcome: Outcome;
      readonly delivery: Delivery;
    }
  /** A duplicate, late or out-of-order copy of what the provider already decided. */
  | { readonly kind: 'redeliver'; readonly push: number; readonly late: boolean }
  /** Callbacks for several attempts at once, optionally racing a reconciler pass. */
  | { readonly kind: 'burst'; readonly pushes: number[]; readonly withReconcile: boolean }
  | { readonly kind: 'query_style'; readonly style: QueryStyle }
  | { readonly kind: 'tick'; readonly ms: number; readonly expiryCallback: boolean }
  | { readonly kind: 'restart' };

const outcomeArb = fc.constantFrom<Outcome>(
  'paid',
  'paid',
  'paid',
  'paid_wrong_amount',
  'insufficient_funds',
  'wrong_pin',
  'cancelled',
  'no_response',
);

const initiateArb: fc.Arbitrary<InitiateBehaviour> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ kind: 'accept' as const }) },
  {
    weight: 1,
    arbitrary: outcomeArb.map((outcome) => ({ kind: 'callback_first' as const, outcome })),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      { kind: 'refuse' as const },
      { kind: 'unavailable' as const },
      { kind: 'timeout_pushed' as const },
      { kind: 'timeout_unsent' as const },
    ),
  },
);

/**
 * `contested`: the provider's answers go missing (callbacks lost or late, prompts closing
 * silently) and time jumps past deadlines, so attempts the customer paid expire by our deadline
 * and their money arrives later, maybe after the order was paid through another attempt.
 */
export function commandArb(references: number, withRestarts: boolean, contested: boolean) {
  const start = fc.record({
    kind: fc.constant('start' as const),
    reference: fc.nat({ max: references - 1 }),
    session: fc.oneof(
      { weight: 1, arbitrary: fc.constant('new' as const) },
      { weight: 3, arbitrary: fc.nat({ max: 3 }) },
    ),
    phone: fc.nat({ max: PHONES.length - 1 }),
    clicks: fc.constantFrom<Clicks>(
      'once',
      'double',
      'double_same_key',
      'retry_same_key',
      'retry_other_phone',
    ),
    initiate: initiateArb,
  });
  const customer = fc.record({
    kind: fc.constant('customer' as const),
    push: fc.nat({ max: 7 }),
    outcome: contested
      ? fc.constantFrom<Outcome>('paid', 'paid', 'paid', 'paid_wrong_amount', 'cancelled')
      : outcomeArb,
    delivery: contested
      ? fc.constantFrom<Delivery>('lost', 'lost', 'late')
      : fc.constantFrom<Delivery>('once', 'once', 'lost', 'late', 'twice', 'twice_concurrently'),
  });
  const redeliver = fc.record({
    kind: fc.constant('redeliver' as const),
    push: fc.nat({ max: 7 }),
    late: fc.boolean(),
  });
  const burst = fc.record({
    kind: fc.constant('burst' as const),
    pushes: fc.array(fc.nat({ max: 7 }), { minLength: 2, maxLength: 4 }),
    withReconcile: fc.boolean(),
  });
  const queryStyle = fc.record({
    kind: fc.constant('query_style' as const),
    style: fc.constantFrom(...allQueryStyles),
  });
  // Past a prompt's whole life and our deadline at once.
  const pastDeadline = fc.integer({ min: 90_000, max: 200_000 });
  const tick = fc.record({
    kind: fc.constant('tick' as const),
    ms: contested
      ? fc.oneof(fc.integer({ min: 5_000, max: 20_000 }), pastDeadline)
      : fc.oneof(
          fc.constant(0),
          fc.integer({ min: 1, max: 5_000 }),
          fc.integer({ min: 5_000, max: 40_000 }),
          pastDeadline,
        ),
    expiryCallback: contested ? fc.constant(false) : fc.boolean(),
  });
  const restart = fc.constant({ kind: 'restart' as const });
  const weighted: fc.WeightedArbitrary<Command>[] = [
    { weight: contested ? 5 : 4, arbitrary: start },
    { weight: 5, arbitrary: customer },
    { weight: contested ? 3 : 2, arbitrary: redeliver },
    { weight: contested ? 3 : 2, arbitrary: burst },
    { weight: contested ? 0 : 1, arbitrary: queryStyle },
    { weight: 4, arbitrary: tick },
    ...(withRestarts ? [{ weight: 1, arbitrary: restart }] : []),
  ];
  return fc.oneof(...weighted);
}

/** What a customer may be told when a start does not go ahead; anything else is a kit bug. */
const expectedRefusals = new Set([
  'session_paid',
  'session_expired',
  'attempt_cooldown',
  'idempotency_mismatch',
  'provider_unavailable',
  'provider_rejected',
]);

function sessionFor(world: World, command: Extract<Command, { kind: 'start' }>) {
  const reference = REFERENCES[command.reference] ?? REFERENCES[0];
  const ofReference = world.sessions.filter((session) => session.reference === reference);
  if (command.session === 'new' || ofReference.length === 0) return undefined;
  return ofReference[command.session % ofReference.length];
}

async function runStart(world: World, command: Extract<Command, { kind: 'start' }>) {
  const reference = REFERENCES[command.reference] ?? REFERENCES[0];
  let session = sessionFor(world, command);
  if (!session) {
    const { token } = await world.lipwa.createSession({
      ...AMOUNT,
      reference,
      description: 'Kikoi',
    });
    session = { token, reference };
    world.sessions.push(session);
  }
  const { token } = session;
  world.provider.nextInitiate = command.initiate;
  world.keys += 1;
  const key = `key-${world.keys}`;
  const phone = PHONES[command.phone] ?? PHONES[0];
  const otherPhone = PHONES[(command.phone + 1) % PHONES.length] ?? PHONES[0];
  const start = (withKey: boolean, number: string = phone) =>
    world.lipwa.startPayment(token, { phone: number }, withKey ? { idempotencyKey: key } : {});

  const calls: ReturnType<typeof start>[] = [];
  switch (command.clicks) {
    case 'once':
      calls.push(start(false));
      break;
    case 'double':
      calls.push(start(false), start(false));
      break;
    case 'double_same_key':
      calls.push(start(true), start(true));
      break;
    case 'retry_same_key':
    case 'retry_other_phone': {
      // The first answer is lost on its way back; the browser retries with the same key.
      const first = start(true);
      await first.catch(() => undefined);
      calls.push(first, start(true, command.clicks === 'retry_other_phone' ? otherPhone : phone));
      break;
    }
  }
  const results = await Promise.allSettled(calls);
  checkIdempotency(command.clicks, results);
  const created = new Map<string, number>();
  for (const result of results) {
    if (result.status === 'rejected') {
      const error: unknown = result.reason;
      if (!isLipwaError(error) || !expectedRefusals.has(error.code)) throw error;
      continue;
    }
    const { payment } = result.value;
    expect(payment.reference).toBe(reference);
    expect(payment.amount).toEqual(AMOUNT);
    world.paymentIds.add(payment.id);
    if (result.value.created) created.set(payment.id, (created.get(payment.id) ?? 0) + 1);
  }
  for (const count of created.values()) expect(count).toBe(1);
  world.provider.nextInitiate = { kind: 'accept' };
}

/** One Idempotency-Key, one payment; the key that made an attempt is refused with another phone. */
function checkIdempotency(
  clicks: Clicks,
  [first, second]: PromiseSettledResult<Awaited<ReturnType<Lipwa['startPayment']>>>[],
): void {
  if (first?.status !== 'fulfilled') return;
  if (clicks === 'retry_same_key') {
    expect(second?.status === 'fulfilled' && second.value.payment.id).toBe(first.value.payment.id);
  }
  // At once, one of the two may carry the initiation's error while the other shows the attempt.
  if (clicks === 'double_same_key' && second?.status === 'fulfilled') {
    expect(second.value.payment.id).toBe(first.value.payment.id);
  }
  if (clicks === 'retry_other_phone' && first.value.created) {
    expect(second?.status === 'rejected' && isLipwaError(second.reason) && second.reason.code).toBe(
      'idempotency_mismatch',
    );
  }
}

/** The `index`-th push (modulo) among those `which` selects, oldest first. */
function pick(pushes: readonly Push[], index: number, which: (push: Push) => boolean) {
  const candidates = pushes.filter(which);
  return candidates.length === 0 ? undefined : candidates[index % candidates.length];
}

export async function run(world: World, command: Command): Promise<void> {
  const { provider } = world;
  switch (command.kind) {
    case 'start':
      return runStart(world, command);
    case 'customer': {
      const push = pick(provider.pushes, command.push, provider.isOpen);
      if (!push) return;
      provider.settle(push, command.outcome);
      if (command.delivery === 'once') await provider.deliver(push);
      if (command.delivery === 'late') world.late.push(push);
      if (command.delivery === 'twice') {
        await provider.deliver(push);
        await provider.deliver(push);
      }
      if (command.delivery === 'twice_concurrently') {
        await Promise.all([provider.deliver(push), provider.deliver(push)]);
      }
      return;
    }
    case 'redeliver': {
      const push = pick(provider.pushes, command.push, isSettled);
      if (push && command.late) world.late.push(push);
      else if (push) await provider.deliver(push);
      return;
    }
    case 'burst': {
      const settled = command.pushes
        .map((index) => pick(provider.pushes, index, isSettled))
        .filter((push) => push !== undefined);
      await Promise.all([
        ...settled.map((push) => provider.deliver(push)),
        ...(command.withReconcile ? [world.lipwa.reconcileOnce()] : []),
      ]);
      return;
    }
    case 'query_style':
      provider.queryStyle = command.style;
      return;
    case 'tick':
      world.clock.advance(command.ms);
      await provider.closeOverduePrompts(command.expiryCallback);
      await world.lipwa.reconcileOnce();
      await Promise.all(world.late.splice(0).map((push) => provider.deliver(push)));
      return;
    case 'restart':
      return world.restart();
  }
}
