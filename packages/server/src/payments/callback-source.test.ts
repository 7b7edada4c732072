/**
 * The provider source check behind a reverse proxy: with Express `trust proxy` set, the adapter
 * sees `req.ip` (the client the proxy names), not the proxy's socket address.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { daraja } from '@lipwa/providers';
import { type RunningSimulator, startSimulator } from '@lipwa/simulator';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { createLipwa } from '../create-lipwa.js';
import { internalsOf } from '../kit-internals.js';
import { darajaSuccess } from '../testing/test-adapter.js';
import {
  callbackPath,
  recordingLogger,
  SHOP_ORIGIN,
  TEST_SECRET,
} from '../testing/test-harness.js';

const DARAJA_ADDRESS = '196.201.214.200';
const running: { simulator: RunningSimulator; server: Server; close(): Promise<void> }[] = [];

afterEach(async () => {
  for (const entry of running.splice(0)) await entry.close();
});

async function behindProxy(trustProxy: boolean) {
  const simulator = await startSimulator();
  const adapter = daraja({ ...simulator.daraja, allowedSourceIps: [DARAJA_ADDRESS] });
  let callbackUrl = '';
  const lipwa = createLipwa({
    providers: [
      {
        ...adapter,
        initiate: (request) => {
          callbackUrl = request.callbackUrl;
          return adapter.initiate(request);
        },
      },
    ],
    publicUrl: 'http://127.0.0.1:3000/lipwa',
    merchantName: 'Duka la Lipwa',
    allowedOrigins: [SHOP_ORIGIN],
    tokens: { secret: TEST_SECRET },
    environment: 'development',
    logger: recordingLogger(),
  });
  const app = express();
  if (trustProxy) app.set('trust proxy', 'loopback');
  app.use('/lipwa', lipwa.router());
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/lipwa`;
  const entry = {
    simulator,
    server,
    async close() {
      await lipwa.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await simulator.close();
    },
  };
  running.push(entry);
  const internals = internalsOf(lipwa);
  const { store } = internals.config;
  const { token } = await lipwa.sessions.create({ amount: 150000, reference: 'ORDER-1' });
  const { payment } = await internals.startPayment(token, { phone: '0708374149' });
  const providerRef = (await store.get(payment.id))?.providerRef ?? '';
  const { token: callbackToken } = callbackPath(callbackUrl);
  const post = (forwardedFor: string) =>
    fetch(`${url}/callbacks/daraja/${callbackToken}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
      body: darajaSuccess(providerRef, 1500),
    });
  return { lipwa, store, payment, post };
}

describe('the Daraja source check behind a proxy', () => {
  it('accepts a callback the proxy forwards from a Daraja address when trust proxy is set', async () => {
    const kit = await behindProxy(true);

    const response = await kit.post(DARAJA_ADDRESS);

    expect(response.status).toBe(200);
    expect((await kit.store.get(kit.payment.id))?.status).toBe('completed');
  });

  it('refuses one the proxy forwards from any other address', async () => {
    const kit = await behindProxy(true);

    const response = await kit.post('203.0.113.9');

    expect(response.status).toBe(401);
    expect((await kit.store.get(kit.payment.id))?.status).toBe('pending');
  });

  it('without trust proxy, judges the socket (the proxy itself), so a forged header does not help', async () => {
    const kit = await behindProxy(false);

    const response = await kit.post(DARAJA_ADDRESS);

    expect(response.status).toBe(401);
  });
});
