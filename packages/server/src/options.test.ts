import { describe, expect, it } from 'vitest';
import { type LipwaOptions, parseOptions } from './options.js';
import { createScriptedAdapter } from './test-adapter.js';
import { recordingLogger, SHOP_ORIGIN, TEST_SECRET } from './test-harness.js';

function options(overrides: Partial<LipwaOptions> = {}): LipwaOptions {
  return {
    provider: createScriptedAdapter(),
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
      promptTimeoutMs: 90_000,
      graceMs: 30_000,
      intervalMs: 1_000,
    });
    expect(config.attemptCooldownMs).toBe(5_000);
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
    expect(() => parseOptions(options({ provider: undefined }))).toThrow(/pass a provider adapter/);
  });
});
