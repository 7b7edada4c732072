/**
 * The shop's error pages show a visitor nothing of the server: no stack, no file path, in any
 * mode (Express's own handler prints both outside production).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLipwa } from '@lipwa/server';
import { createScriptedAdapter } from '@lipwa/server/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type OrderBook, openOrderBook } from './orders.js';
import { createShopApp } from './shop-app.js';

let server: Server | undefined;

afterEach(async () => {
  vi.restoreAllMocks();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

async function serveShop(orders?: OrderBook): Promise<string> {
  const lipwa = createLipwa({
    providers: [createScriptedAdapter()],
    publicUrl: 'http://127.0.0.1:3000/lipwa',
    merchantName: 'Duka la Lipwa',
    allowedOrigins: ['http://127.0.0.1:3000'],
    tokens: { secret: 'a-test-secret-that-is-at-least-32-bytes-long' },
    environment: 'development',
  });
  const app = createShopApp({ lipwa, orders: orders ?? (await openOrderBook()) });
  const listening = app.listen(0, '127.0.0.1');
  server = listening;
  await new Promise((resolve) => listening.once('listening', resolve));
  return `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
}

// A stack frame (`at fn (file:line)`), a server path, or an error's name.
const serverDetails = /\bat .*:\d+|\/work\/|node_modules|\.ts:\d|Error:/;

describe("the shop's error pages", () => {
  it('answer an unexpected failure with a plain 500 that shows no stack or path', async () => {
    const orders: OrderBook = {
      ...(await openOrderBook()),
      get: async () => {
        throw new Error('ENOENT: /work/shop/data/orders.json could not be read');
      },
    };
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const url = await serveShop(orders);

    const response = await fetch(`${url}/orders/ORD-1`);
    const body = await response.text();

    expect(response.status).toBe(500);
    expect(body).toBe('Something went wrong. Please try again.');
    expect(body).not.toMatch(serverDetails);
    expect(logged).toHaveBeenCalledOnce();
  });

  it('answer a broken percent-encoding with a plain 400', async () => {
    const url = await serveShop();

    const response = await fetch(`${url}/orders/%E0%A4%A`);
    const body = await response.text();

    expect(response.status).toBe(400);
    expect(body).toBe('Bad request.');
    expect(body).not.toMatch(serverDetails);
  });

  it('answer an unknown page with the shop’s own 404 page', async () => {
    const url = await serveShop();

    const response = await fetch(`${url}/no/such/page`);

    const body = await response.text();

    expect(response.status).toBe(404);
    expect(body).toContain('<title>Not found');
    expect(body).not.toMatch(serverDetails);
  });
});
