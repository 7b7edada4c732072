import { LipwaError } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import { type DarajaOptions, darajaHosts, parseDarajaOptions } from './daraja-options.js';
import { sandbox } from './test-payloads.js';

function minimalOptions(overrides: Partial<DarajaOptions> = {}): DarajaOptions {
  return {
    consumerKey: sandbox.consumerKey,
    consumerSecret: sandbox.consumerSecret,
    shortcode: sandbox.shortcode,
    passkey: sandbox.passkey,
    ...overrides,
  };
}

function problemsOf(options: DarajaOptions): string {
  try {
    parseDarajaOptions(options);
  } catch (error) {
    expect(error).toBeInstanceOf(LipwaError);
    expect((error as LipwaError).code).toBe('config_invalid');
    return (error as LipwaError).message;
  }
  throw new Error('expected parseDarajaOptions to throw');
}

describe('parseDarajaOptions', () => {
  it('fills the documented defaults', () => {
    const config = parseDarajaOptions(minimalOptions());

    expect(config).toMatchObject({
      environment: 'sandbox',
      baseUrl: 'https://sandbox.safaricom.co.ke',
      transactionType: 'CustomerPayBillOnline',
      partyB: '174379',
      timeoutMs: 15_000,
      timestampTimeZone: 'Africa/Nairobi',
      allowedSourceIps: undefined,
    });
    expect(typeof config.fetch).toBe('function');
    expect(typeof config.clock.now()).toBe('number');
  });

  it('returns a frozen configuration', () => {
    expect(Object.isFrozen(parseDarajaOptions(minimalOptions()))).toBe(true);
  });

  it('uses the production host in production', () => {
    expect(parseDarajaOptions(minimalOptions({ environment: 'production' })).baseUrl).toBe(
      darajaHosts.production,
    );
  });

  it('lets baseUrl override the host and drops trailing slashes', () => {
    const config = parseDarajaOptions(minimalOptions({ baseUrl: 'http://127.0.0.1:4010/daraja/' }));

    expect(config.baseUrl).toBe('http://127.0.0.1:4010/daraja');
  });

  it('takes a till number as partyB for buy goods', () => {
    const config = parseDarajaOptions(
      minimalOptions({ transactionType: 'CustomerBuyGoodsOnline', partyB: '5432109' }),
    );

    expect(config).toMatchObject({ transactionType: 'CustomerBuyGoodsOnline', partyB: '5432109' });
  });

  it('normalises allowed callback addresses', () => {
    const config = parseDarajaOptions(
      minimalOptions({ allowedSourceIps: ['::FFFF:196.201.214.200'] }),
    );

    expect(config.allowedSourceIps?.has('196.201.214.200')).toBe(true);
  });

  it.each([
    ['consumerKey', { consumerKey: '' }, 'consumerKey is required'],
    ['consumerSecret', { consumerSecret: '' }, 'consumerSecret is required'],
    ['passkey', { passkey: '' }, 'passkey is required'],
    ['shortcode', { shortcode: '1234' }, 'shortcode must be your BusinessShortCode'],
    ['shortcode', { shortcode: '17437a' }, 'shortcode must be your BusinessShortCode'],
    [
      'environment',
      { environment: 'live' as 'production' },
      'environment must be "sandbox" or "production"',
    ],
    [
      'transactionType',
      { transactionType: 'PayBill' as 'CustomerPayBillOnline' },
      'transactionType must be',
    ],
    ['partyB', { partyB: 'till-1' }, 'partyB must be'],
    ['timeoutMs', { timeoutMs: 0 }, 'timeoutMs must be'],
    ['timeoutMs', { timeoutMs: 1.5 }, 'timeoutMs must be'],
    ['timestampTimeZone', { timestampTimeZone: 'EAT' as 'UTC' }, 'timestampTimeZone must be'],
    ['baseUrl', { baseUrl: 'sandbox.safaricom.co.ke' }, 'baseUrl must be an absolute'],
    ['baseUrl', { baseUrl: 'ftp://daraja.test' }, 'baseUrl must use http or https'],
    ['allowedSourceIps', { allowedSourceIps: [] }, 'allowedSourceIps must be'],
    ['clock', { clock: {} as { now(): number } }, 'clock must be'],
  ])('refuses a bad %s with a message that says how to fix it', (_name, override, message) => {
    expect(problemsOf(minimalOptions(override))).toContain(message);
  });

  it('refuses an unknown option so typos surface at start-up', () => {
    const options = { ...minimalOptions(), callbackURL: 'https://x' } as DarajaOptions;

    expect(problemsOf(options)).toContain('Unknown option "callbackURL"');
  });

  it('lists every problem at once', () => {
    const message = problemsOf(minimalOptions({ consumerKey: '', shortcode: 'x', timeoutMs: -1 }));

    expect(message).toContain('consumerKey');
    expect(message).toContain('shortcode');
    expect(message).toContain('timeoutMs');
  });

  it('flags whitespace around a secret without echoing the secret', () => {
    const message = problemsOf(minimalOptions({ consumerSecret: ` ${sandbox.consumerSecret}\n` }));

    expect(message).toContain('consumerSecret has leading or trailing whitespace');
    expect(message).not.toContain(sandbox.consumerSecret);
  });

  it('never puts secrets in its error messages', () => {
    const message = problemsOf(minimalOptions({ shortcode: 'bad' }));

    expect(message).not.toContain(sandbox.passkey);
    expect(message).not.toContain(sandbox.consumerSecret);
  });

  it('keeps the API initiator and callback token when given', () => {
    const config = parseDarajaOptions(
      minimalOptions({
        initiatorName: 'testapi',
        securityCredential: 'c2VjcmV0',
        callbackToken: 'tok_c2b_4f9a1e7d2b6c',
      }),
    );

    expect(config).toMatchObject({
      initiatorName: 'testapi',
      securityCredential: 'c2VjcmV0',
      callbackToken: 'tok_c2b_4f9a1e7d2b6c',
    });
  });

  it('refuses a guessable callback token and a pasted credential, without echoing them', () => {
    const message = problemsOf(
      minimalOptions({ callbackToken: 'short', securityCredential: ' c2VjcmV0 ' }),
    );

    expect(message).toContain('callbackToken must be 16-128');
    expect(message).toContain('securityCredential has leading or trailing whitespace');
    expect(message).not.toContain('c2VjcmV0');
  });
});
