import { describe, expect, it } from 'vitest';
import type { EventBus } from './buses/event-bus.js';
import { createLipwa } from './create-lipwa.js';
import type { LipwaOptions } from './options.js';
import { createMemoryStore } from './stores/memory-store.js';
import type { PaymentStore } from './stores/payment-store.js';
import { createScriptedAdapter } from './testing/test-adapter.js';
import { recordingLogger, SHOP_ORIGIN, TEST_SECRET } from './testing/test-harness.js';

function options(overrides: Partial<LipwaOptions> = {}): LipwaOptions {
  return {
    providers: [createScriptedAdapter()],
    publicUrl: 'https://shop.example/lipwa',
    merchantName: 'Duka la Lipwa',
    allowedOrigins: [SHOP_ORIGIN],
    tokens: { secret: TEST_SECRET },
    environment: 'development',
    logger: recordingLogger(),
    ...overrides,
  };
}

function closable() {
  const closed: string[] = [];
  const store: PaymentStore = {
    ...createMemoryStore(),
    close: async () => void closed.push('store'),
  };
  const bus: EventBus = {
    publish: () => undefined,
    subscribe: () => () => undefined,
    close: async () => void closed.push('bus'),
  };
  return { closed, store, bus };
}

describe('closing the kit', () => {
  it('closes the store and the bus it was given, the bus first', async () => {
    const { closed, store, bus } = closable();
    const lipwa = createLipwa(options({ store, bus }));

    await lipwa.close();

    expect(closed).toEqual(['bus', 'store']);
  });

  it('closes once however often it is called', async () => {
    const { closed, store, bus } = closable();
    const lipwa = createLipwa(options({ store, bus }));

    await Promise.all([lipwa.close(), lipwa.close()]);
    await lipwa.close();

    expect(closed).toEqual(['bus', 'store']);
  });

  it('still closes the store when closing the bus fails', async () => {
    const { closed, store } = closable();
    const bus: EventBus = {
      publish: () => undefined,
      subscribe: () => () => undefined,
      close: async () => {
        throw new Error('connection already gone');
      },
    };
    const lipwa = createLipwa(options({ store, bus }));

    await expect(lipwa.close()).rejects.toThrow('connection already gone');
    expect(closed).toEqual(['store']);
  });

  it('closes what it made itself without complaint (memory store and bus)', async () => {
    const lipwa = createLipwa(options());

    await expect(lipwa.close()).resolves.toBeUndefined();
  });
});
