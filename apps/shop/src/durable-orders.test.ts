/**
 * The demo shop's orders live in the same data directory as its payments, so a payment that
 * completes after a restart still finds its order and marks it paid.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningSimulator, startSimulator } from '@lipwa/simulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningDemo, startDemo } from './demo.js';

let directory: string;
let simulator: RunningSimulator;
const running: RunningDemo[] = [];

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'lipwa-shop-'));
  // One simulator outlives both runs of the shop, as Safaricom outlives a merchant's restart.
  simulator = await startSimulator({ port: 0 });
});

afterEach(async () => {
  for (const demo of running.splice(0)) await demo.close();
  await simulator.close();
  await rm(directory, { recursive: true, force: true });
});

async function start(port = 0): Promise<RunningDemo> {
  const demo = await startDemo({
    phoneLimits: false,
    port,
    simulator,
    dataDirectory: directory,
    firstQueryAfterMs: 60_000,
    log: () => undefined,
  });
  running.push(demo);
  return demo;
}

async function stop(demo: RunningDemo): Promise<void> {
  running.splice(running.indexOf(demo), 1);
  await demo.close();
}

/** Orders a product the way the catalogue page does; returns the order's reference and its checkout page. */
async function order(shopUrl: string, product: string) {
  const placed = await fetch(`${shopUrl}/checkout`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ product }),
    redirect: 'manual',
  });
  const location = placed.headers.get('location') ?? '';
  const reference = decodeURIComponent(location.replace(/^\/checkout\//, ''));
  const page = await (await fetch(`${shopUrl}${location}`)).text();
  const token = /session="([^"]+)"/.exec(page)?.[1] ?? '';
  return { reference, token };
}

async function orderStatus(shopUrl: string, reference: string): Promise<string | undefined> {
  const response = await fetch(`${shopUrl}/orders/${encodeURIComponent(reference)}`);
  if (response.status !== 200) return `HTTP ${response.status}`;
  return /data-testid="order-status">([^<]+)</.exec(await response.text())?.[1];
}

async function eventually<T>(read: () => Promise<T>, expected: T): Promise<T> {
  let value = await read();
  for (let attempt = 0; attempt < 100 && value !== expected; attempt++) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    value = await read();
  }
  return value;
}

describe('the demo shop’s orders', () => {
  it('are marked paid by a payment that completes after the shop restarted', async () => {
    const before = await start();
    const { reference, token } = await order(before.shopUrl, 'kikoi');
    const started = await fetch(`${before.shopUrl}/lipwa/payments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ phone: '0708374149' }),
    });
    expect(started.status).toBe(201);
    const port = Number(new URL(before.shopUrl).port);

    await stop(before);
    const after = await start(port);
    const [prompt] = simulator.control.prompts();
    await simulator.control.answer(prompt?.id ?? '', 'paid');

    expect(await eventually(() => orderStatus(after.shopUrl, reference), 'Paid')).toBe('Paid');
  });

  it('survive a restart while unpaid', async () => {
    const before = await start();
    const { reference } = await order(before.shopUrl, 'chai');

    await stop(before);
    const after = await start();

    expect(await orderStatus(after.shopUrl, reference)).toBe('Awaiting payment');
  });
});
