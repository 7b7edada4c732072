/**
 * Whole money-safety runs (money-invariants.test.ts): the shapes of random scripts (several
 * orders, or one contested order while status queries fail) and running one against a fresh
 * world, checking the invariants after each command and at the end.
 */
import fc from 'fast-check';
import { checkAfterCommand, checkAtEnd, drain } from './test-money-checks.js';
import {
  type Clicks,
  type Command,
  commandArb,
  type Delivery,
  run,
} from './test-money-commands.js';
import {
  type InitiateBehaviour,
  type Outcome,
  PHONES,
  type QueryStyle,
} from './test-money-provider.js';
import { createWorld } from './test-money-world.js';

export interface Script {
  /** How queries answer until a `query_style` command changes it. */
  readonly queryStyle: QueryStyle;
  readonly commands: readonly Command[];
}

interface ScriptShape {
  readonly references: { readonly min: number; readonly max: number };
  readonly queryStyles: readonly QueryStyle[];
  readonly withRestarts: boolean;
  readonly maxLength: number;
}

export function scriptArb(shape: ScriptShape): fc.Arbitrary<Script> {
  return fc.integer(shape.references).chain((references) =>
    fc.record({
      queryStyle: fc.constantFrom(...shape.queryStyles),
      commands: fc.array(commandArb(references, shape.withRestarts, false), {
        minLength: 6,
        maxLength: shape.maxLength,
        size: 'medium',
      }),
    }),
  );
}

/**
 * One order, paid for in rounds while status queries are down: each round a new session starts
 * an attempt, the customer answers the prompt but the callback is lost or late, and time passes
 * our deadline; anything may happen in between, and the withheld callbacks arrive whenever a
 * later command redelivers them. This is where second successes and late money live.
 */
export function contestedScriptArb(): fc.Arbitrary<Script> {
  const between = fc.array(commandArb(1, false, true), { maxLength: 4 });
  const round = fc
    .record({
      start: fc.record({
        kind: fc.constant('start' as const),
        reference: fc.constant(0),
        session: fc.constant('new' as const),
        phone: fc.nat({ max: PHONES.length - 1 }),
        clicks: fc.constantFrom<Clicks>('once', 'double', 'double_same_key'),
        initiate: fc.constantFrom<InitiateBehaviour>(
          { kind: 'accept' },
          { kind: 'accept' },
          { kind: 'timeout_pushed' },
        ),
      }),
      customer: fc.record({
        kind: fc.constant('customer' as const),
        push: fc.constant(0),
        outcome: fc.constantFrom<Outcome>('paid', 'paid', 'paid', 'paid_wrong_amount'),
        delivery: fc.constantFrom<Delivery>('lost', 'lost', 'late'),
      }),
      between,
      /** The oldest attempt's callback turns up now, while this one is pending. */
      oldestHeard: fc.boolean(),
      // Mostly past our deadline (the attempt expires, its money still out there); sometimes
      // not, so the attempt is still pending when queries come back.
      wait: fc.oneof(
        { weight: 2, arbitrary: fc.integer({ min: 90_000, max: 200_000 }) },
        { weight: 1, arbitrary: fc.integer({ min: 0, max: 30_000 }) },
      ),
      cooldown: fc.integer({ min: 5_000, max: 70_000 }),
    })
    .map(({ start, customer, between, oldestHeard, wait, cooldown }): Command[] => [
      start,
      customer,
      ...(oldestHeard ? [{ kind: 'redeliver' as const, push: 0, late: false }] : []),
      ...between,
      { kind: 'tick', ms: wait, expiryCallback: false },
      { kind: 'tick', ms: cooldown, expiryCallback: false },
    ]);
  return fc
    .tuple(fc.array(round, { minLength: 2, maxLength: 3 }), between)
    .map(([rounds, tail]) => ({ queryStyle: 'outage', commands: [...rounds.flat(), ...tail] }));
}

export async function runScript(
  { queryStyle, commands }: Script,
  storage: 'memory' | { directory: string },
): Promise<void> {
  const world = await createWorld(storage);
  world.provider.queryStyle = queryStyle;
  try {
    for (const command of commands) {
      await run(world, command);
      await checkAfterCommand(world);
    }
    await drain(world);
    await checkAtEnd(world);
  } finally {
    await world.close();
  }
}
