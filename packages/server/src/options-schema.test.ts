import { ConfigError } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import { type LipwaOptions, parseOptions } from './options.js';
import { createScriptedAdapter } from './testing/test-adapter.js';
import { recordingLogger, SHOP_ORIGIN, TEST_SECRET } from './testing/test-harness.js';

function options(overrides: Record<string, unknown> = {}): LipwaOptions {
  return {
    providers: [createScriptedAdapter()],
    publicUrl: 'https://shop.example/lipwa',
    merchantName: 'Duka la Lipwa',
    allowedOrigins: [SHOP_ORIGIN],
    tokens: { secret: TEST_SECRET },
    environment: 'development',
    logger: recordingLogger(),
    ...overrides,
  } as LipwaOptions;
}

function refusal(overrides: Record<string, unknown>): ConfigError {
  try {
    parseOptions(options(overrides));
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('the options schema', () => {
  it('refuses an unknown option and names the one that was probably meant', () => {
    const error = refusal({ allowedOrigin: [SHOP_ORIGIN] });

    expect(error.code).toBe('config_invalid');
    expect(error.message).toContain(
      'unknown option "allowedOrigin": did you mean "allowedOrigins"?',
    );
  });

  it('refuses a misspelt nested option with its full path', () => {
    expect(refusal({ reconcile: { gracems: 1_000 } }).message).toContain(
      'unknown option "reconcile.gracems": did you mean "reconcile.graceMs"?',
    );
    expect(refusal({ hooks: { onPaymentFinished: () => undefined } }).message).toContain(
      'did you mean "hooks.onPaymentFinal"?',
    );
  });

  it('lists the known options when nothing is close', () => {
    expect(refusal({ zebra: {} }).message).toMatch(
      /unknown option "zebra" \(known: providers, publicUrl, .*logger\)/,
    );
  });

  it('lists every problem at once', () => {
    const error = refusal({ attemptCooldownMs: -1, stream: { pingIntervalMs: 0 } });

    expect(error.message).toContain('attemptCooldownMs must be a positive number');
    expect(error.message).toContain('stream.pingIntervalMs must be a positive number');
  });

  it('refuses values of the wrong type with the option named', () => {
    expect(refusal({ failover: 'yes' }).message).toMatch(/failover must be true or false/);
    expect(refusal({ hooks: { onPaymentFinal: 'mark paid' } }).message).toMatch(
      /hooks\.onPaymentFinal must be a function/,
    );
    expect(refusal({ store: {} }).message).toMatch(/store must be a PaymentStore/);
    expect(refusal({ tokens: { secret: TEST_SECRET, ttlMinutes: 61 } }).message).toMatch(
      /tokens\.ttlMinutes must be a whole number from 1 to 60, got 61/,
    );
    expect(refusal({ environment: 'staging' }).message).toMatch(
      /environment must be "production" or "development", got "staging"/,
    );
  });

  it('freezes the configuration and its nested settings', () => {
    const config = parseOptions(options());

    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.tokens)).toBe(true);
    expect(Object.isFrozen(config.reconcile)).toBe(true);
    expect(Object.isFrozen(config.rateLimit)).toBe(true);
    expect(config.rateLimit).toMatchObject({
      windowMs: 60_000,
      maxPerSession: 10,
      maxPerPhone: 5,
      maxPerClient: 30,
      phoneWindows: [
        { max: 3, windowMs: 10 * 60_000 },
        { max: 10, windowMs: 24 * 60 * 60_000 },
      ],
    });
    expect(Object.isFrozen(config.rateLimit.phoneWindows)).toBe(true);
    expect(typeof config.rateLimit.store.consume).toBe('function');
    expect(config.callbackTokenGraceMs).toBe(24 * 60 * 60 * 1000);
    expect(config.failover).toBe(false);
  });

  it('still takes the deprecated provider option, merged before providers, and warns once', () => {
    const logger = recordingLogger();
    const first = createScriptedAdapter('daraja');
    const second = createScriptedAdapter('cashfin');

    const config = parseOptions(options({ provider: first, providers: [second], logger }));

    expect(config.providerIds).toEqual(['daraja', 'cashfin']);
    const warnings = logger.entries.filter((entry) => /`provider` option/.test(entry.message));
    expect(warnings).toEqual([
      expect.objectContaining({
        level: 'warn',
        message: expect.stringMatching(/deprecated.*providers: \[adapter\]/),
      }),
    ]);
  });

  it('says nothing about deprecation when only providers is used', () => {
    const logger = recordingLogger();

    parseOptions(options({ logger }));

    expect(logger.entries.filter((entry) => /deprecated/.test(entry.message))).toEqual([]);
  });
});
