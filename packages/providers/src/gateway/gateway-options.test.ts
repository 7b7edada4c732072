import { ConfigError } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import { type GatewayOptions, gatewayTarget, parseGatewayOptions } from './gateway-options.js';
import { sample } from './test-fake-gateway.js';

const valid: GatewayOptions = { ...sample, baseUrl: 'https://api.unipesa.tech/' };

function problemsOf(options: unknown): string {
  try {
    parseGatewayOptions(options as GatewayOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('parseGatewayOptions', () => {
  it('fills the defaults and freezes the configuration', () => {
    const config = parseGatewayOptions(valid);

    expect(config).toMatchObject({
      baseUrl: 'https://api.unipesa.tech',
      providerId: 40,
      country: 'KE',
      displayName: 'M-Pesa',
      timeoutMs: 30_000,
      target: 'production',
    });
    expect([...config.currencies]).toEqual(['KES']);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('takes the brand’s provider id, USD and a timeout', () => {
    const config = parseGatewayOptions({
      ...valid,
      providerId: 43,
      currencies: ['KES', 'USD'],
      timeoutMs: 5_000,
    });

    expect(config.providerId).toBe(43);
    expect([...config.currencies]).toEqual(['KES', 'USD']);
    expect(config.timeoutMs).toBe(5_000);
  });

  it('lists every problem at once, saying how to fix each', () => {
    const message = problemsOf({
      publicId: '',
      merchantId: 'm',
      secretKey: ' padded ',
      baseUrl: 'ftp://example.com',
      providerId: 4.5,
      currencies: ['EUR'],
      colour: 'blue',
    });

    expect(message).toContain('publicId is required');
    expect(message).toContain('secretKey has leading or trailing whitespace');
    expect(message).toContain('baseUrl must be an absolute http(s) URL');
    expect(message).toContain('providerId must be a whole number');
    expect(message).toContain('currencies may list only "KES" and "USD"');
    expect(message).toContain('colour');
  });

  it('never repeats a secret key in its message', () => {
    const secretKey = ' s3cr3t-value-that-must-not-leak ';

    expect(problemsOf({ ...valid, secretKey })).not.toContain('s3cr3t');
  });

  it('asks for the base URL when it is missing', () => {
    const { baseUrl: _, ...rest } = valid;

    expect(problemsOf(rest)).toContain('baseUrl is required');
  });

  it('refuses a public id that cannot be a path segment', () => {
    expect(problemsOf({ ...valid, publicId: '../admin' })).toContain('publicId must be letters');
  });

  it('refuses something that is not an options object', () => {
    expect(problemsOf(undefined)).toContain('needs an options object');
  });
});

describe('gatewayTarget', () => {
  it.each([
    ['https://api.unipesa.tech', 40, 'production'],
    ['https://api.msimbo.tech', 43, 'production'],
    ['https://api.unipesa.tech', 14, 'sandbox'],
    ['http://127.0.0.1:8787/gateway', 40, 'simulator'],
    ['https://api.unipesa.tech.evil.example', 40, 'simulator'],
    ['http://api.unipesa.tech', 40, 'simulator'],
  ])('calls %s with provider %i a %s', (baseUrl, providerId, target) => {
    expect(gatewayTarget(baseUrl, providerId)).toBe(target);
  });
});
