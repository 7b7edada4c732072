import { ConfigError } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import { type CashfinOptions, DEFAULT_TIMEOUT_MS, parseCashfinOptions } from './cashfin-options.js';
import { CLIENT_SECRET, WEBHOOK_SECRET } from './test-fake-cashfin.js';

const valid: CashfinOptions = { clientSecret: CLIENT_SECRET, webhookSecret: WEBHOOK_SECRET };

function problemsOf(options: unknown): string {
  try {
    parseCashfinOptions(options as CashfinOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('config_invalid');
    return (error as ConfigError).message;
  }
  throw new Error('expected the options to be refused');
}

describe('Cashfin options', () => {
  it('defaults to production on https://api.cashfin.africa with a 15 s timeout', () => {
    const config = parseCashfinOptions(valid);

    expect(config).toMatchObject({
      environment: 'production',
      baseUrl: 'https://api.cashfin.africa',
      timeoutMs: DEFAULT_TIMEOUT_MS,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('takes a base URL (the simulator) without its trailing slash', () => {
    const config = parseCashfinOptions({ ...valid, baseUrl: 'http://127.0.0.1:8787/cashfin/' });

    expect(config.baseUrl).toBe('http://127.0.0.1:8787/cashfin');
  });

  it('reports every problem at once without echoing a secret', () => {
    const message = problemsOf({
      clientSecret: ' cs_live_leaky ',
      webhookSecret: '',
      environment: 'sandbox',
      baseUrl: 'ftp://cashfin',
      timeoutMs: 0,
      retries: 3,
    });

    expect(message).toContain('clientSecret has leading or trailing whitespace');
    expect(message).toContain('webhookSecret is required');
    expect(message).toContain('environment must be "production"');
    expect(message).toContain('baseUrl must be an absolute http(s) URL');
    expect(message).toContain('timeoutMs must be a whole number');
    expect(message).toContain('Unknown option "retries"');
    expect(message).not.toContain('cs_live_leaky');
  });

  it('refuses a client secret without the cs_ prefix, such as the webhook secret pasted by mistake', () => {
    const message = problemsOf({ ...valid, clientSecret: 'whsec_pasted_here' });

    expect(message).toContain('clientSecret must be the client secret, which starts with "cs_"');
    expect(message).not.toContain('whsec_pasted_here');
  });

  it('refuses the same secret for both', () => {
    const message = problemsOf({ clientSecret: CLIENT_SECRET, webhookSecret: CLIENT_SECRET });

    expect(message).toContain('webhookSecret is the same as clientSecret');
    expect(message).not.toContain(CLIENT_SECRET);
  });

  it('refuses a missing options object, a fetch that is not a function and a clock without now()', () => {
    expect(problemsOf(undefined)).toContain('needs an options object');
    const message = problemsOf({ ...valid, fetch: 'fetch', clock: {} });
    expect(message).toContain('fetch must be a function');
    expect(message).toContain('clock must be an object with a now() method');
  });
});
