/**
 * The demo pays on every provider: the same shop, switched by one line of configuration, over
 * each provider's simulator and real adapter, with real HTTP between all of them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PaymentView, SessionView } from '@lipwa/core';
import { type RunningSimulator, startSimulator } from '@lipwa/simulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningDemo, startDemo } from './demo.js';
import { type DemoProvider, demoProviders, providersFromEnv } from './providers.js';

let directory: string;
let simulator: RunningSimulator;
const running: RunningDemo[] = [];

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'lipwa-shop-providers-'));
  simulator = await startSimulator({ port: 0, cashpayCurrency: 'KES' });
});

afterEach(async () => {
  for (const demo of running.splice(0)) await demo.close();
  await simulator.close();
  await rm(directory, { recursive: true, force: true });
});

async function shopOn(providers: DemoProvider[]): Promise<RunningDemo> {
  const demo = await startDemo({
    phoneLimits: false,
    providers,
    simulator,
    dataDirectory: directory,
    firstQueryAfterMs: 60_000,
    environment: 'development',
    log: () => undefined,
  });
  running.push(demo);
  return demo;
}

/** Orders a product the way the catalogue page does; returns its reference and session token. */
async function order(shopUrl: string) {
  const placed = await fetch(`${shopUrl}/checkout`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ product: 'kikoi' }),
    redirect: 'manual',
  });
  const location = placed.headers.get('location') ?? '';
  const page = await (await fetch(`${shopUrl}${location}`)).text();
  return {
    reference: decodeURIComponent(location.replace(/^\/checkout\//, '')),
    token: /session="([^"]+)"/.exec(page)?.[1] ?? '',
  };
}

async function pay(shopUrl: string, token: string, body: Record<string, string>) {
  const response = await fetch(`${shopUrl}/lipwa/payments`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      origin: shopUrl,
    },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as {
    payment: PaymentView & { next: { type: string; url: string } };
  };
  return { status: response.status, payment: answer.payment };
}

async function orderStatus(shopUrl: string, reference: string): Promise<string | undefined> {
  const response = await fetch(`${shopUrl}/orders/${encodeURIComponent(reference)}`);
  return /data-testid="order-status">([^<]+)</.exec(await response.text())?.[1];
}

async function eventually(read: () => Promise<string | undefined>, expected: string) {
  let value = await read();
  for (let attempt = 0; attempt < 200 && value !== expected; attempt++) {
    await simulator.control.idle();
    await new Promise<void>((resolve) => setTimeout(resolve, 5));
    value = await read();
  }
  return value;
}

const stkProviders = demoProviders.filter((provider) => provider !== 'cashpay');

describe.each(stkProviders)('the demo on %s', (provider) => {
  it('marks the order paid when the magic success number pays', async () => {
    const shop = await shopOn([provider]);
    const { reference, token } = await order(shop.shopUrl);

    const started = await pay(shop.shopUrl, token, { phone: '0711000000', method: provider });

    expect(started).toMatchObject({ status: 201, payment: { provider } });
    // With no simulated delay, a webhook can beat the initiate answer: then it is already paid.
    expect(['pending', 'completed']).toContain(started.payment.status);
    expect(await eventually(() => orderStatus(shop.shopUrl, reference), 'Paid')).toBe('Paid');
  });

  it('marks the order failed when the customer has no funds', async () => {
    const shop = await shopOn([provider]);
    const { reference, token } = await order(shop.shopUrl);

    await pay(shop.shopUrl, token, { phone: '0711000001', method: provider });

    expect(await eventually(() => orderStatus(shop.shopUrl, reference), 'Payment failed')).toBe(
      'Payment failed',
    );
  });
});

describe('the demo on cashpay (a redirect provider)', () => {
  it('sends the customer to the hosted page, and the webhook marks the order paid', async () => {
    const shop = await shopOn(['cashpay']);
    const { reference, token } = await order(shop.shopUrl);

    const started = await pay(shop.shopUrl, token, {
      method: 'cashpay',
      returnUrl: `${shop.shopUrl}/checkout/${reference}`,
    });
    await simulator.control.answer(started.payment.next.url.split('/').at(-1) ?? '', 'paid');

    expect(started.payment.next.url).toMatch(/\/cashpay\/pay\/chg_/);
    expect(await eventually(() => orderStatus(shop.shopUrl, reference), 'Paid')).toBe('Paid');
  });

  it('marks the order failed when the customer declines on the hosted page', async () => {
    const shop = await shopOn(['cashpay']);
    const { reference, token } = await order(shop.shopUrl);

    const started = await pay(shop.shopUrl, token, {
      method: 'cashpay',
      returnUrl: `${shop.shopUrl}/checkout/${reference}`,
    });
    await simulator.control.answer(started.payment.next.url.split('/').at(-1) ?? '', 'cancelled');

    expect(await eventually(() => orderStatus(shop.shopUrl, reference), 'Payment failed')).toBe(
      'Payment failed',
    );
  });
});

describe('choosing providers', () => {
  it('reads LIPWA_PROVIDERS, then LIPWA_PROVIDER, and defaults to Daraja', () => {
    expect(providersFromEnv({ LIPWA_PROVIDERS: 'daraja, cashpay' })).toEqual(['daraja', 'cashpay']);
    expect(providersFromEnv({ LIPWA_PROVIDER: 'Cashfin' })).toEqual(['cashfin']);
    expect(providersFromEnv({})).toEqual(['daraja']);
  });

  it('refuses a provider it does not know, naming the ones it does', () => {
    expect(() => providersFromEnv({ LIPWA_PROVIDER: 'mpesa' })).toThrow(
      /daraja, cashfin, cashpay, gateway, payment-apps/,
    );
  });

  it('offers several providers on one session: the widget gets a method list', async () => {
    const shop = await shopOn(['daraja', 'cashpay']);
    const { token } = await order(shop.shopUrl);

    const view = (await (
      await fetch(`${shop.shopUrl}/lipwa/session`, {
        headers: { authorization: `Bearer ${token}`, origin: shop.shopUrl },
      })
    ).json()) as SessionView;

    expect(view.methods).toEqual([
      { id: 'daraja', name: 'M-Pesa', flow: 'stk' },
      { id: 'cashpay', name: 'CashPay', flow: 'redirect' },
    ]);
  });

  it('refuses to start in production on a simulator unless told to', async () => {
    await expect(
      startDemo({ environment: 'production', simulator, dataDirectory: directory }),
    ).rejects.toThrow(/LIPWA_ALLOW_SIMULATOR_IN_PRODUCTION=1/);
  });
});
