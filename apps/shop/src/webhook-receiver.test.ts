import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { catalogue } from './catalogue.js';
import { openOrderBook } from './orders.js';
import { webhookReceiver } from './webhook-receiver.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const kikoi = catalogue[0];

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

async function shop() {
  if (!kikoi) throw new Error('the catalogue needs a product');
  const orders = await openOrderBook();
  const order = await orders.open(kikoi);
  const app = express().use(webhookReceiver({ secret: SECRET, orders, log: () => undefined }));
  server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/lipwa`;
  return { orders, order, url };
}

function signed(id: string, reference: string, secret = SECRET) {
  const body = JSON.stringify({
    type: 'payment.completed',
    timestamp: new Date().toISOString(),
    data: {
      id: 'evt_1',
      reference,
      status: 'completed',
      payment: { status: 'completed', receipt: 'TCE1A2B3C4' },
    },
  });
  const at = new Date();
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign(id, at, body),
    },
  };
}

describe('the shop receiving its own webhooks', () => {
  it('marks the order paid from a payment.completed webhook it verified', async () => {
    const { orders, order, url } = await shop();

    const response = await fetch(url, { method: 'POST', ...signed('msg_1', order.reference) });

    expect(response.status).toBe(204);
    expect(await orders.get(order.reference)).toMatchObject({
      status: 'paid',
      receipt: 'TCE1A2B3C4',
    });
  });

  it('refuses a webhook signed with another secret and leaves the order alone', async () => {
    const { orders, order, url } = await shop();

    const response = await fetch(url, {
      method: 'POST',
      ...signed('msg_2', order.reference, 'whsec_b3RoZXItc2VjcmV0LW5vdC1jb25maWd1cmVk'),
    });

    expect(response.status).toBe(400);
    expect((await orders.get(order.reference))?.status).toBe('awaiting_payment');
  });
});
