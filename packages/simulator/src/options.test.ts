import { systemClock } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import { parseOptions } from './options.js';

describe('parseOptions', () => {
  it('fills the in-process defaults and freezes the result', () => {
    const config = parseOptions();

    expect(config).toMatchObject({
      port: 0,
      host: '127.0.0.1',
      autoResolveDelayMs: 0,
      promptTimeoutMs: 60_000,
      tokenLifetimeSeconds: 3600,
      callbackTimeoutMs: 10_000,
      clock: systemClock,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('throws config_invalid naming every bad option', () => {
    expect(() => parseOptions({ port: 70_000, tokenLifetimeSeconds: 0 })).toThrow(
      expect.objectContaining({
        code: 'config_invalid',
        message: expect.stringMatching(/port:.*tokenLifetimeSeconds:/),
      }),
    );
  });

  it('refuses a clock without now()', () => {
    expect(() => parseOptions({ clock: {} as never })).toThrow(
      /clock: must be an object with a now\(\)/,
    );
  });
});
