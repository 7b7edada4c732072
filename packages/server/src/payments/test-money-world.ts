/**
 * The world one money-safety run acts on (money-invariants.test.ts): the kit (rebuilt on
 * restarts), the provider model, and the merchant's ears.
 */
import type { PaymentStatus } from '@lipwa/core';
import { createLipwa } from '../create-lipwa.js';
import type { Lipwa } from '../lipwa.js';
import type { PaymentFinalEvent, PaymentReviewEvent } from '../options.js';
import { createFileStore } from '../stores/file-store.js';
import { createMemoryStore } from '../stores/memory-store.js';
import type { PaymentStore } from '../stores/payment-store.js';
import { type FakeClock, fakeClock, SHOP_ORIGIN, TEST_SECRET } from '../testing/test-harness.js';
import {
  createProviderModel,
  type ProviderModel,
  type Push,
  RECONCILE,
} from './test-money-provider.js';

export interface World {
  readonly clock: FakeClock;
  readonly provider: ProviderModel;
  readonly finals: PaymentFinalEvent[];
  readonly reviews: PaymentReviewEvent[];
  readonly sessions: { token: string; reference: string }[];
  readonly paymentIds: Set<string>;
  /** The last status observed per payment, to catch a final status that moves. */
  readonly seen: Map<string, PaymentStatus>;
  readonly errorLogs: string[];
  /** Callbacks on their way, delivered after the next reconciler pass. */
  readonly late: Push[];
  lipwa: Lipwa;
  store: PaymentStore;
  keys: number;
  restart(): Promise<void>;
  close(): Promise<void>;
}

type Ears = Pick<World, 'clock' | 'provider' | 'finals' | 'reviews' | 'errorLogs'>;

function newKit(world: Ears, store: PaymentStore): Lipwa {
  const quiet = () => undefined;
  return createLipwa({
    provider: world.provider.adapter,
    publicUrl: 'http://127.0.0.1:3000/lipwa',
    merchantName: 'Duka la Lipwa',
    allowedOrigins: [SHOP_ORIGIN],
    tokens: { secret: TEST_SECRET },
    store,
    environment: 'development',
    clock: world.clock,
    // An error log means the kit hit something it did not expect: the run fails on it.
    logger: {
      info: quiet,
      warn: quiet,
      error: (first: unknown, message?: string) =>
        void world.errorLogs.push(typeof first === 'string' ? first : (message ?? '')),
    },
    reconcile: RECONCILE,
    attemptCooldownMs: 5_000,
    // Rate limits are not what this checks; they would only hide interleavings.
    rateLimit: {
      maxPerSession: 10_000,
      maxPerPhone: 10_000,
      maxPerClient: 10_000,
      phoneWindows: [],
    },
    hooks: {
      onPaymentFinal: (event) => void world.finals.push(event),
      onPaymentReview: (event) => void world.reviews.push(event),
    },
  });
}

export async function createWorld(storage: 'memory' | { directory: string }): Promise<World> {
  const clock = fakeClock();
  let lipwa: Lipwa | undefined;
  const provider = createProviderModel(clock, () => {
    if (!lipwa) throw new Error('no kit running');
    return lipwa;
  });
  const base = {
    clock,
    provider,
    finals: [] as PaymentFinalEvent[],
    reviews: [] as PaymentReviewEvent[],
    sessions: [] as { token: string; reference: string }[],
    paymentIds: new Set<string>(),
    seen: new Map<string, PaymentStatus>(),
    errorLogs: [] as string[],
    late: [] as Push[],
    keys: 0,
  };
  const openStore = async () =>
    storage === 'memory'
      ? createMemoryStore()
      : await createFileStore({ directory: storage.directory });
  let store = await openStore();
  lipwa = newKit(base, store);
  const world: World = {
    ...base,
    lipwa,
    store,
    async restart() {
      if (storage === 'memory') return;
      await world.close();
      store = await openStore();
      lipwa = newKit(base, store);
      world.store = store;
      world.lipwa = lipwa;
    },
    async close() {
      await world.lipwa.close();
      if ('close' in world.store && typeof world.store.close === 'function') {
        await world.store.close();
      }
    },
  };
  return world;
}
