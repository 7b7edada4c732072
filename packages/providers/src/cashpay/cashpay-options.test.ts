import { ConfigError } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import { type CashpayOptions, cashpayHosts, parseCashpayOptions } from './cashpay-options.js';
import { credentials } from './test-setup.js';

function problemsOf(options: CashpayOptions): string {
  try {
    parseCashpayOptions(options);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('config_invalid');
    return (error as ConfigError).message;
  }
  throw new Error('expected parseCashpayOptions to throw');
}

describe('parseCashpayOptions', () => {
  it('fills the defaults: sandbox host, 15 s timeout, the global fetch and system clock', () => {
    const config = parseCashpayOptions({ ...credentials });

    expect(config).toMatchObject({
      ...credentials,
      environment: 'sandbox',
      baseUrl: cashpayHosts.sandbox,
      timeoutMs: 15_000,
    });
    expect(typeof config.fetch).toBe('function');
    expect(typeof config.clock.now()).toBe('number');
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('uses the production host for environment "production"', () => {
    expect(parseCashpayOptions({ ...credentials, environment: 'production' }).baseUrl).toBe(
      cashpayHosts.production,
    );
  });

  it('takes a baseUrl over the environment’s host, without its trailing slash', () => {
    const config = parseCashpayOptions({
      ...credentials,
      baseUrl: 'http://127.0.0.1:8787/cashpay/',
    });

    expect(config.baseUrl).toBe('http://127.0.0.1:8787/cashpay');
  });

  it('reports every missing option at once, saying where to find it', () => {
    const message = problemsOf({} as CashpayOptions);

    expect(message).toContain('clientId is required');
    expect(message).toContain('clientSecret is required');
    expect(message).toContain('currency is required');
  });

  it('says a pasted secret has stray whitespace without echoing it', () => {
    const message = problemsOf({ ...credentials, clientSecret: ' very-secret-value\n' });

    expect(message).toContain('clientSecret has leading or trailing whitespace');
    expect(message).not.toContain('very-secret-value');
  });

  it.each(['yer', 'YE', 'RIAL', ''])('refuses currency %j', (currency) => {
    expect(problemsOf({ ...credentials, currency })).toContain(
      'currency must be the 3-letter upper-case ISO 4217 code',
    );
  });

  it.each([
    [{ environment: 'live' }, 'environment must be "sandbox" or "production"'],
    [{ baseUrl: 'cashpay.com' }, 'baseUrl must be an absolute http(s) URL'],
    [{ baseUrl: 'ftp://cashpay.com' }, 'baseUrl must be an absolute http(s) URL'],
    [{ baseUrl: 'https://cashpay.com/?v=1' }, 'baseUrl must not carry a query string'],
    [{ timeoutMs: 0 }, 'timeoutMs must be a whole number'],
    [{ timeoutMs: 1.5 }, 'timeoutMs must be a whole number'],
    [{ fetch: 'fetch' }, 'fetch must be a function'],
    [{ clock: Date }, 'clock must be an object with a now() method'],
    [{ clientSecrets: 'x' }, 'Unknown option "clientSecrets"'],
  ])('refuses %j', (overrides, problem) => {
    expect(problemsOf({ ...credentials, ...(overrides as Partial<CashpayOptions>) })).toContain(
      problem,
    );
  });

  it('refuses something that is not an options object', () => {
    expect(problemsOf(undefined as unknown as CashpayOptions)).toContain(
      'cashpay() needs an options object',
    );
  });
});
