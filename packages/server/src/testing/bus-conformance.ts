/**
 * The contract every `EventBus` must honour, as a vitest suite. `makeBuses()` returns two buses
 * on one shared channel, as two server instances would hold (a single-process bus returns itself
 * twice). Waits are on promises the listeners resolve, bounded by `timeoutMs` so a lost message
 * fails the test instead of hanging it.
 */
import { randomBytes } from 'node:crypto';
import type { PaymentStatus, PaymentView } from '@lipwa/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventBus } from '../buses/event-bus.js';

export type BusPair = readonly [EventBus, EventBus];

export interface EventBusConformanceOptions {
  /** How long to wait for a message before failing. Default 5 000 ms. */
  readonly timeoutMs?: number;
}

const CREATED = Date.parse('2025-03-01T09:00:00.000Z');

/** A payment view as `toPaymentView` makes them, unique to this run. */
function paymentView(id: string, status: PaymentStatus = 'pending', step = 0): PaymentView {
  return {
    id,
    sessionId: `ses_${id}`,
    provider: 'daraja',
    status,
    amount: { amount: 150000, currency: 'KES' },
    reference: 'ORDER-1',
    phone: '2547•••••149',
    createdAt: new Date(CREATED).toISOString(),
    updatedAt: new Date(CREATED + step * 1000).toISOString(),
    ...(status === 'completed' ? { receipt: 'NLJ7RT61SV' } : {}),
  };
}

/** Records what one subscription hears and lets a test wait for the nth view. */
interface Recorder {
  readonly views: PaymentView[];
  readonly unsubscribe: () => void;
  /** Resolves once `count` views arrived; rejects after the timeout. */
  waitFor(count: number): Promise<PaymentView[]>;
}

function recorder(bus: EventBus, paymentId: string, timeoutMs: number): Recorder {
  const views: PaymentView[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const unsubscribe = bus.subscribe(paymentId, (view) => {
    views.push(view);
    for (const waiter of [...waiters]) if (views.length >= waiter.count) waiter.resolve();
  });
  return {
    views,
    unsubscribe,
    waitFor(count) {
      if (views.length >= count) return Promise.resolve(views);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(
            new Error(
              `Payment ${paymentId}: heard ${views.length} of ${count} views within ${timeoutMs} ms.`,
            ),
          );
        }, timeoutMs);
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve(views);
          },
        });
      });
    },
  };
}

export function describeEventBusConformance(
  name: string,
  makeBuses: () => BusPair | Promise<BusPair>,
  options: EventBusConformanceOptions = {},
): void {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const run = randomBytes(4).toString('hex');
  let counter = 0;
  const opened: EventBus[] = [];

  function paymentId(): string {
    counter += 1;
    return `pay_bus_${run}_${counter}`;
  }

  async function setup() {
    const [a, b] = await makeBuses();
    opened.push(a, b);
    return {
      a,
      b,
      listen: (bus: EventBus, id: string) => recorder(bus, id, timeoutMs),
      /**
       * Returns once every view published before it has reached both buses: a marker from A
       * reaches B (A's earlier messages are out), one from B reaches A (B's are out, A's own
       * echoes are in), one more from A reaches B (B's own echoes are in). Transports keep order.
       */
      async flush() {
        for (const [from, to] of [
          [a, b],
          [b, a],
          [a, b],
        ] as const) {
          const marker = paymentId();
          const heard = recorder(to, marker, timeoutMs);
          from.publish(marker, paymentView(marker));
          await heard.waitFor(1);
          heard.unsubscribe();
        }
      },
    };
  }

  describe(`${name} conforms to the EventBus contract`, () => {
    afterEach(async () => {
      const buses = [...new Set(opened.splice(0))];
      await Promise.all(buses.map((bus) => bus.close?.()));
    });

    it('delivers a publish on one instance once to a subscriber on the other', async () => {
      const { a, b, listen, flush } = await setup();
      const id = paymentId();
      const onB = listen(b, id);

      a.publish(id, paymentView(id, 'completed', 1));
      await onB.waitFor(1);
      await flush();

      expect(onB.views).toEqual([paymentView(id, 'completed', 1)]);
    });

    it('delivers a publish once to a subscriber on the same instance, not again as an echo', async () => {
      const { a, b, listen, flush } = await setup();
      const id = paymentId();
      const onA = listen(a, id);
      const onB = listen(b, id);

      a.publish(id, paymentView(id, 'completed', 1));
      await Promise.all([onA.waitFor(1), onB.waitFor(1)]);
      await flush();

      expect(onA.views).toEqual([paymentView(id, 'completed', 1)]);
      expect(onB.views).toEqual([paymentView(id, 'completed', 1)]);
    });

    it('stops delivering to a listener once it unsubscribes, on either instance', async () => {
      const { a, b, listen, flush } = await setup();
      const id = paymentId();
      const gone = [listen(a, id), listen(b, id)];
      const staying = listen(b, id);
      for (const subscription of gone) subscription.unsubscribe();

      a.publish(id, paymentView(id, 'failed', 1));
      await staying.waitFor(1);
      await flush();

      expect(gone.map((subscription) => subscription.views)).toEqual([[], []]);
      expect(staying.views).toHaveLength(1);
    });

    it('delivers a payment only to the listeners of that payment', async () => {
      const { a, b, listen, flush } = await setup();
      const [first, second] = [paymentId(), paymentId()];
      const onFirst = listen(b, first);
      const onSecond = listen(b, second);

      a.publish(first, paymentView(first, 'completed', 1));
      await onFirst.waitFor(1);
      await flush();

      expect(onFirst.views).toEqual([paymentView(first, 'completed', 1)]);
      expect(onSecond.views).toEqual([]);
    });

    it('carries many payments from both instances, each change once and in order', async () => {
      const { a, b, listen, flush } = await setup();
      const ids = Array.from({ length: 40 }, () => paymentId());
      const recorders = ids.map((id, index) => listen(index % 2 === 0 ? b : a, id));

      ids.forEach((id, index) => {
        const from = index % 2 === 0 ? a : b;
        from.publish(id, paymentView(id, 'pending', 1));
        from.publish(id, paymentView(id, 'completed', 2));
      });
      await Promise.all(recorders.map((subscription) => subscription.waitFor(2)));
      await flush();

      ids.forEach((id, index) => {
        expect(recorders[index]?.views).toEqual([
          paymentView(id, 'pending', 1),
          paymentView(id, 'completed', 2),
        ]);
      });
    });

    it('closes without error, twice, and ignores a publish after closing', async () => {
      const { a, b, listen } = await setup();
      const id = paymentId();
      listen(b, id);

      await a.close?.();
      await a.close?.();

      expect(() => a.publish(id, paymentView(id, 'completed', 1))).not.toThrow();
      await b.close?.();
    });
  });
}
