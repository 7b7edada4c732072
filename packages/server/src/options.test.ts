import { describe, expect, it } from 'vitest';
import type { EventBus, EventBusContext } from './buses/event-bus.js';
import { createLipwa } from './create-lipwa.js';
import { type LipwaOptions, parseOptions } from './options.js';
import { createScriptedAdapter } from './testing/test-adapter.js';
import { recordingLogger, SHOP_ORIGIN, TEST_SECRET } from './testing/test-harness.js';

function options(overrides: Partial<LipwaOptions> = {}): LipwaOptions {
  return {
    providers: [createScriptedAdapter()],
    publicUrl: 'https://shop.example/lipwa/',
    merchantName: 'Duka la Lipwa',
    allowedOrigins: [SHOP_ORIGIN],
    tokens: { secret: TEST_SECRET },
    environment: 'production',
    logger: recordingLogger(),
    ...overrides,
  };
}

describe('parsing options', () => {
  it('fills defaults into a frozen configuration', () => {
    const config = parseOptions(options());

    expect(Object.isFrozen(config)).toBe(true);
    expect(config.publicUrl).toBe('https://shop.example/lipwa');
    expect(config.reconcile).toEqual({
      firstQueryAfterMs: 20_000,
      maxIntervalMs: 30_000,
      moneyOutReviewAfterMs: 24 * 3_600_000,
      promptTimeoutMs: 90_000,
      graceMs: 30_000,
      intervalMs: 1_000,
    });
    expect(config.attemptCooldownMs).toBe(5_000);
  });

  it('uses the bus given, and refuses something that is not an EventBus', () => {
    const bus: EventBus = { publish: () => undefined, subscribe: () => () => undefined };

    expect(parseOptions(options({ bus })).bus).toBe(bus);
    expect(() => parseOptions(options({ bus: {} as EventBus }))).toThrow(
      /bus must be an EventBus with publish and subscribe/,
    );
  });

  it("hands the bus the kit's redacting logger and a payment reader, and closes it with the kit", async () => {
    const logger = recordingLogger();
    const contexts: EventBusContext[] = [];
    let closed = 0;
    const bus: EventBus = {
      publish: () => undefined,
      subscribe: () => () => undefined,
      attach: (context) => void contexts.push(context),
      close: async () => {
        closed += 1;
      },
    };
    const lipwa = createLipwa(options({ bus, logger }));

    const missing = await contexts[0]?.load('pay_missing');
    await lipwa.close();

    expect(contexts).toHaveLength(1);
    contexts[0]?.logger.warn({ phone: '254712345678' }, 'bus line');
    expect(logger.entries.at(-1)).toMatchObject({
      message: 'bus line',
      fields: { phone: '2547•••••678' },
    });
    expect(missing).toBeUndefined();
    expect(closed).toBe(1);
  });

  it('refuses an adapter whose payout or reversal capability has no matching member', () => {
    const declaresPayout = createScriptedAdapter('daraja', {
      capabilities: new Set(['stk', 'query', 'payout']),
    });

    expect(() => parseOptions(options({ providers: [declaresPayout] }))).toThrow(
      "createLipwa: daraja declares 'payout' but offers no payouts.",
    );
  });

  it('refuses to start in production without a token secret, saying how to set one', () => {
    expect(() => parseOptions(options({ tokens: {} }))).toThrow(
      /tokens\.secret is required in production.*32/,
    );
  });

  it('refuses a secret shorter than 32 bytes', () => {
    expect(() => parseOptions(options({ tokens: { secret: 'short' } }))).toThrow(
      /at least 32 bytes/,
    );
  });

  it('takes keys being rotated out, each with its own kid and a full-length secret', () => {
    const old = 'o'.repeat(40);
    const config = parseOptions(
      options({
        tokens: { secret: TEST_SECRET, kid: 'k2', previous: [{ kid: 'k1', secret: old }] },
      }),
    );
    expect(config.tokens.previous.map((key) => key.kid)).toEqual(['k1']);

    expect(() =>
      parseOptions(
        options({
          tokens: { secret: TEST_SECRET, kid: 'k2', previous: [{ kid: 'k2', secret: old }] },
        }),
      ),
    ).toThrow(/kid "k2" twice/);
    expect(() =>
      parseOptions(
        options({ tokens: { secret: TEST_SECRET, previous: [{ kid: 'k1', secret: 'short' }] } }),
      ),
    ).toThrow(/"k1" secret must be at least 32 bytes/);
  });

  it('makes an ephemeral key in development and warns once', () => {
    const logger = recordingLogger();

    const config = parseOptions(options({ tokens: {}, environment: 'development', logger }));

    expect(config.tokens.key.byteLength).toBe(32);
    expect(logger.entries.filter((entry) => entry.level === 'warn')).toHaveLength(1);
  });

  it('refuses an origin with a path and a missing provider', () => {
    expect(() =>
      parseOptions(options({ allowedOrigins: ['https://shop.example/checkout'] })),
    ).toThrow(/bare origins/);
    expect(() => parseOptions(options({ providers: undefined }))).toThrow(
      /pass a provider adapter/,
    );
  });
});

describe('a simulator in production', () => {
  const simulated = () => createScriptedAdapter('daraja', { target: 'simulator' });

  it('is refused, saying what to configure and the flag that allows it', () => {
    expect(() => parseOptions(options({ providers: [simulated()] }))).toThrow(
      /points at a simulator.*allowSimulatorInProduction: true/,
    );
  });

  it('runs when the merchant opts in, and says so loudly in the log', () => {
    const logger = recordingLogger();

    parseOptions(options({ providers: [simulated()], allowSimulatorInProduction: true, logger }));

    expect(logger.entries).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: expect.stringContaining('SIMULATOR IN PRODUCTION'),
      }),
    );
  });

  it('is fine in development', () => {
    expect(() =>
      parseOptions(options({ providers: [simulated()], environment: 'development' })),
    ).not.toThrow();
  });
});
