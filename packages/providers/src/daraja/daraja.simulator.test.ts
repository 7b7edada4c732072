/// <reference types="node" />
/**
 * The adapter against @lipwa/simulator over real HTTP on 127.0.0.1: OAuth, Password checks,
 * magic numbers, callbacks POSTed to a real receiver, query, and injected faults.
 * Longer than ~300 lines because it is one specification, the adapter's STK flow end to end
 * against the simulator, whose tests each walk a whole flow.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CallbackInput, Msisdn } from '@lipwa/core';
import { documentedResultCodes, type RunningSimulator, startSimulator } from '@lipwa/simulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type DarajaAdapter, daraja } from './daraja-adapter.js';
import type { DarajaOptions } from './daraja-options.js';
import { darajaResultCodes } from './result-codes.js';

interface Received {
  readonly path: string;
  readonly input: CallbackInput;
}

/** A tiny merchant endpoint: records each callback exactly as it arrived and answers 200. */
async function startReceiver(): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      received.push({
        path: req.url ?? '',
        input: {
          method: req.method ?? 'POST',
          headers,
          rawBody: Buffer.concat(chunks).toString('utf8'),
          query: {},
          params: {},
          remoteAddress: req.socket.remoteAddress,
        },
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ResultCode":0,"ResultDesc":"Accepted"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, server };
}

let sim: RunningSimulator;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, autoResolveDelayMs: 0 });
  receiver = await startReceiver();
});

afterAll(async () => {
  await sim.close();
  await new Promise<void>((resolve) => receiver.server.close(() => resolve()));
});

afterEach(async () => {
  // Let every callback a test set off arrive before forgetting them, so none leaks into the next test.
  await sim.control.advance(0);
  await sim.control.idle();
  sim.control.reset();
  receiver.received.length = 0;
});

function setupAdapter(overrides: Partial<DarajaOptions> = {}): DarajaAdapter {
  const { baseUrl, shortcode, passkey, consumerKey, consumerSecret } = sim.daraja;
  return daraja({ baseUrl, shortcode, passkey, consumerKey, consumerSecret, ...overrides });
}

function request(phone: string, token = 'tok_0123456789abcdef') {
  return {
    paymentId: `pay_${phone}`,
    amount: { amount: 150_000, currency: 'KES' },
    phone: phone as Msisdn,
    reference: 'ORDER-1042',
    description: 'Lipwa shop order',
    callbackUrl: `${receiver.url}/lipwa/callbacks/daraja/${token}`,
  };
}

async function callbacksFor(adapter: DarajaAdapter) {
  await sim.control.advance(0);
  await sim.control.idle();
  return Promise.all(receiver.received.map((r) => adapter.verifyCallback(r.input)));
}

describe('Daraja adapter against the simulator', () => {
  it('completes a payment: push, callback to the per-payment URL, then query agrees', async () => {
    const adapter = setupAdapter();

    const started = await adapter.initiate(request('254711000000'));
    const results = await callbacksFor(adapter);
    const queried = await adapter.query(started.providerRef);

    expect(started.providerRef).toMatch(/^ws_CO_/);
    expect(started.providerData?.merchantRequestId).toBeTruthy();
    expect(receiver.received[0]?.path).toBe('/lipwa/callbacks/daraja/tok_0123456789abcdef');
    expect(results).toHaveLength(1);
    expect(results[0]?.response).toEqual({
      status: 200,
      body: { ResultCode: 0, ResultDesc: 'Accepted' },
    });
    expect(results[0]?.updates[0]).toMatchObject({
      providerRef: started.providerRef,
      status: 'completed',
      providerCode: '0',
      amount: { amount: 150_000, currency: 'KES' },
    });
    expect(results[0]?.updates[0]?.receipt).toMatch(/^[A-Z0-9]{10}$/);
    expect(results[0]?.updates[0]?.paidAt).toMatch(/Z$/);
    expect(queried).toMatchObject({ status: 'completed', providerCode: '0' });
  });

  it('accepts the simulator’s daraja settings spread as they are', async () => {
    const adapter = daraja({ ...sim.daraja });

    const started = await adapter.initiate(request('254711000000'));

    expect(started.next).toEqual({ type: 'stk' });
  });

  it.each([
    ['254711000001', 'failed', 'insufficient_funds', '1'],
    ['254711000032', 'cancelled', 'cancelled_by_user', '1032'],
    ['254711000037', 'failed', 'no_response', '1037'],
    ['254711002001', 'failed', 'wrong_pin', '2001'],
  ])('maps the callback for %s to %s (%s)', async (phone, status, reason, code) => {
    const adapter = setupAdapter();

    const started = await adapter.initiate(request(phone));
    const [result] = await callbacksFor(adapter);

    expect(result?.updates[0]).toMatchObject({
      providerRef: started.providerRef,
      status,
      reason,
      providerCode: code,
    });
    expect(await adapter.query(started.providerRef)).toMatchObject({
      status,
      reason,
      providerCode: code,
    });
  });

  it('finds a completed payment by query when no callback ever arrives', async () => {
    const adapter = setupAdapter();

    const started = await adapter.initiate(request('254711000099'));
    const results = await callbacksFor(adapter);
    const queried = await adapter.query(started.providerRef);

    expect(results).toHaveLength(0);
    expect(queried).toMatchObject({ status: 'completed', providerRef: started.providerRef });
  });

  it('parses a duplicated callback to the same update both times', async () => {
    const adapter = setupAdapter();

    await adapter.initiate(request('254711000098'));
    const results = await callbacksFor(adapter);

    expect(results).toHaveLength(2);
    expect(results[1]?.updates).toEqual(results[0]?.updates);
  });

  it('reports a locked subscriber at push time as provider_rejected / subscriber_busy', async () => {
    const adapter = setupAdapter();

    const error = await adapter.initiate(request('254711000017')).catch((e: unknown) => e);

    expect(error).toMatchObject({
      code: 'provider_rejected',
      details: { providerCode: '500.001.1001', reason: 'subscriber_busy', ambiguous: false },
    });
  });

  it('reads an unanswered prompt as pending, then the customer’s answer', async () => {
    const adapter = setupAdapter();

    const started = await adapter.initiate(request('254708374149'));
    const waiting = await adapter.query(started.providerRef);
    await sim.control.resolve(started.providerRef, { resultCode: 1032 });
    const [result] = await Promise.all(
      receiver.received.map((r) => adapter.verifyCallback(r.input)),
    );

    expect(waiting).toMatchObject({ status: 'pending', providerCode: '4999' });
    expect(result?.updates[0]).toMatchObject({ status: 'cancelled', reason: 'cancelled_by_user' });
  });

  it('reads the older "being processed" answer (HTTP 500, 500.001.1001) as pending too', async () => {
    const legacy = await startSimulator({ port: 0, pendingQuery: 'error' });
    try {
      const adapter = daraja({ ...legacy.daraja });
      const started = await adapter.initiate(request('254708374149'));

      const waiting = await adapter.query(started.providerRef);

      expect(waiting).toMatchObject({ status: 'pending', providerCode: '500.001.1001' });
    } finally {
      await legacy.close();
    }
  });

  it.each([
    ['SFC_IC0003', 'failed', 'not_permitted'],
    [1031, 'cancelled', 'cancelled_by_user'],
    [1036, 'failed', 'prompt_failed'],
    [1101, 'failed', 'prompt_failed'],
  ])(
    'reads a prompt settled with %j the same way in the callback and the query',
    async (code, status, reason) => {
      const adapter = setupAdapter();
      const started = await adapter.initiate(request('254708374149'));

      await sim.control.resolve(started.providerRef, { resultCode: code });
      const [result] = await callbacksFor(adapter);
      const queried = await adapter.query(started.providerRef);

      expect(result?.updates[0]).toMatchObject({ status, reason, providerCode: String(code) });
      expect(queried).toMatchObject({ status, reason, providerCode: String(code) });
    },
  );

  it('keeps the payment pending through a 4999 callback, then reads the real answer', async () => {
    const adapter = setupAdapter();
    const started = await adapter.initiate(request('254708374149'));

    await sim.control.resolve(started.providerRef, { resultCode: 4999 });
    await sim.control.answer(started.providerRef, 'paid');
    const results = await callbacksFor(adapter);

    expect(results.map((r) => r.updates[0]?.status)).toEqual(['pending', 'completed']);
  });

  it('shortens an over-long reference so the prompt arrives: Daraja (and the simulator) would accept it and never prompt', async () => {
    const adapter = setupAdapter();
    const longReference = 'ORDER-2026-000042';

    const started = await adapter.initiate({
      ...request('254708374149'),
      reference: longReference,
    });

    expect(sim.control.prompts()).toEqual([
      expect.objectContaining({ id: started.providerRef, reference: 'ORDER2026000' }),
    ]);
  });

  it('shares one result-code table with the simulator: every code one knows, the other knows', () => {
    expect([...documentedResultCodes].sort()).toEqual(Object.keys(darajaResultCodes).sort());
  });

  it('fetches a new token and retries once when the simulator has expired the cached one', async () => {
    const paths: string[] = [];
    const adapter = setupAdapter({
      fetch: (input, init) => {
        paths.push(new URL(String(input)).pathname.replace(/^\/daraja/, ''));
        return fetch(input, init);
      },
    });
    await adapter.initiate(request('254711000000'));

    await sim.control.advance(3_600_000);
    const again = await adapter.initiate(request('254711000000'));

    expect(again.providerRef).toMatch(/^ws_CO_/);
    expect(paths).toEqual([
      '/oauth/v1/generate',
      '/mpesa/stkpush/v1/processrequest',
      '/mpesa/stkpush/v1/processrequest',
      '/oauth/v1/generate',
      '/mpesa/stkpush/v1/processrequest',
    ]);
  });

  it('reports spike arrest at push time as provider_unavailable and retryable', async () => {
    const adapter = setupAdapter();
    sim.control.fault({
      operation: 'stkpush',
      kind: 'http',
      status: 500,
      errorCode: '500.003.02',
      times: 1,
    });

    const error = await adapter.initiate(request('254711000000')).catch((e: unknown) => e);

    expect(error).toMatchObject({
      code: 'provider_unavailable',
      details: { providerCode: '500.003.02', retryable: true, ambiguous: false },
    });
  });

  it('rides out one spike arrest on query with its single retry', async () => {
    const adapter = setupAdapter();
    const started = await adapter.initiate(request('254711000000'));
    await callbacksFor(adapter);
    sim.control.fault({
      operation: 'query',
      kind: 'http',
      status: 500,
      errorCode: '500.003.02',
      times: 1,
    });

    const queried = await adapter.query(started.providerRef);

    expect(queried.status).toBe('completed');
  });

  it('reports refused credentials as provider_auth_failed', async () => {
    const adapter = setupAdapter({ consumerSecret: 'not-the-secret' });

    const error = await adapter.initiate(request('254711000000')).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'provider_auth_failed', details: { retryable: false } });
    expect(String((error as Error).message)).not.toContain('not-the-secret');
  });

  it('reports a hung push as a timeout that may have reached Daraja', async () => {
    const adapter = setupAdapter({ timeoutMs: 150 });
    sim.control.fault({ operation: 'stkpush', kind: 'hang', times: 1 });

    const error = await adapter.initiate(request('254711000000')).catch((e: unknown) => e);

    expect(error).toMatchObject({
      code: 'provider_unavailable',
      details: { ambiguous: true, timedOut: true },
    });
  });
});
