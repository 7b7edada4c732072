import { ConfigError } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import {
  type PaymentAppsOptions,
  parsePaymentAppsOptions,
  paymentAppsTarget,
} from './payment-apps-options.js';
import { credentials } from './test-payloads.js';

const valid: PaymentAppsOptions = { ...credentials, baseUrl: 'https://pay.example.co.ke/' };

function problemsOf(options: unknown): string[] {
  try {
    parsePaymentAppsOptions(options as PaymentAppsOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).details.problems as string[];
  }
  throw new Error('expected a ConfigError');
}

describe('parsePaymentAppsOptions', () => {
  it('fills defaults, keeps the app id as digits and freezes the result', () => {
    const config = parsePaymentAppsOptions(valid);

    expect(config).toMatchObject({
      baseUrl: 'https://pay.example.co.ke',
      paymentApp: '1',
      environment: 'sandbox',
      timeoutMs: 15_000,
      displayName: 'M-Pesa',
    });
    expect(typeof config.fetch).toBe('function');
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('takes the app id as text too', () => {
    expect(parsePaymentAppsOptions({ ...valid, paymentApp: '17' }).paymentApp).toBe('17');
  });

  it('reports every problem at once, in words that say how to fix it', () => {
    const problems = problemsOf({
      baseUrl: 'pay.example.co.ke',
      apiToken: '',
      paymentApp: 0,
      environment: 'live',
      timeoutMs: 0,
      consumerKey: 'x',
    });

    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('baseUrl must be an absolute http(s) URL'),
        expect.stringContaining('apiToken is required'),
        expect.stringContaining('paymentApp must be your payment app’s id'),
        expect.stringContaining('webhookSecret is required'),
        expect.stringContaining('environment must be "sandbox" or "production"'),
        expect.stringContaining('timeoutMs must be from 1 to 120000'),
        'Unknown option "consumerKey": check its spelling.',
      ]),
    );
  });

  it('takes the paybill app id as digits, and says what a wrong one should be', () => {
    expect(parsePaymentAppsOptions({ ...valid, paybillApp: 4 }).paybillApp).toBe('4');
    expect(problemsOf({ ...valid, paybillApp: 'paybill' })).toEqual([
      'paybillApp must be your paybill app’s id, a positive whole number such as 4.',
    ]);
  });

  it('refuses a base URL that already ends in /api/pay', () => {
    expect(problemsOf({ ...valid, baseUrl: 'https://pay.example.co.ke/api/pay' })).toEqual([
      'baseUrl is the gateway’s root: leave out /api/pay (the adapter adds it).',
    ]);
  });

  it('refuses a token that is not {id}|{secret} without echoing it', () => {
    const error = (() => {
      try {
        parsePaymentAppsOptions({ ...valid, apiToken: 'sk_live_abcdef123456' });
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('expected a ConfigError');
    })();

    expect(error.message).toContain('apiToken must be the plain token the dashboard showed once');
    expect(error.message).not.toContain('sk_live_abcdef123456');
  });

  it('points out whitespace around a secret without printing the secret', () => {
    const problems = problemsOf({ ...valid, webhookSecret: ' whsec-test-0f9e8d7c6b5a\n' });

    expect(problems).toEqual([
      'webhookSecret has leading or trailing whitespace (a copy-paste slip?): remove it.',
    ]);
    expect(problems.join()).not.toContain('whsec-test');
  });

  it('refuses something that is not an options object', () => {
    expect(problemsOf(undefined)).toEqual([
      'paymentApps() needs an options object with your gateway URL, API token and app id.',
    ]);
  });
});

describe('paymentAppsTarget', () => {
  it.each([
    ['https://pay.example.co.ke', 'sandbox', 'sandbox'],
    ['https://pay.example.co.ke', 'production', 'production'],
    ['http://pay.example.co.ke', 'production', 'simulator'],
    ['https://localhost:8443', 'production', 'simulator'],
    ['http://127.0.0.1:8787/payment-apps', 'sandbox', 'simulator'],
    ['https://192.168.1.20', 'production', 'simulator'],
  ] as const)('calls %s with environment %s a %s', (baseUrl, environment, target) => {
    expect(paymentAppsTarget(parsePaymentAppsOptions({ ...valid, baseUrl, environment }))).toBe(
      target,
    );
  });
});
