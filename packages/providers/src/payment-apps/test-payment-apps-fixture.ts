/// <reference types="node" />
/**
 * The payment-apps adapter + simulator pair for the provider contract suite: a simulator on a
 * random port with its webhook URL registered (as a merchant would in the dashboard), a local
 * receiver that hands each webhook over exactly as the kit would, and an adapter on the world's
 * clock with a short timeout. Webhooks are signed, so forgeries must be refused.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CallbackInput, InitiateRequest, Msisdn } from '@lipwa/core';
import {
  paymentAppsSandbox,
  paymentAppsSignature,
  type RunningSimulator,
  startSimulator,
} from '@lipwa/simulator';
import type { ContractWorld, ProviderContractFixture } from '../testing/contract-fixture.js';
import { type PaymentAppsAdapter, paymentApps } from './payment-apps-adapter.js';
import type { PaymentAppsOptions } from './payment-apps-options.js';

/** 2026-03-15 14:30 in Nairobi: the simulator's and the adapter's clocks start here. */
export const WORLD_START = Date.UTC(2026, 2, 15, 11, 30, 0);
/** Short, so a hung request fails fast; long enough for a loaded machine's local round trip. */
// Generous: a loaded CI machine must never time out a healthy request. The hang cases pass a short one.
export const WORLD_TIMEOUT_MS = 5_000;
const WEBHOOK_PATH = '/lipwa/callbacks/payment-apps';

export interface PaymentAppsWorld extends ContractWorld {
  readonly adapter: PaymentAppsAdapter;
  readonly simulator: RunningSimulator;
  /** Another adapter on the same simulator, fetch and clock, with some options changed. */
  adapterWith(overrides: Partial<PaymentAppsOptions>): PaymentAppsAdapter;
  /** The next requestPayment reaches the gateway (the prompt goes out) but its answer is garbled. */
  garbleNextPaymentRequest(): void;
}

interface Receiver {
  readonly url: string;
  readonly received: CallbackInput[];
  close(): Promise<void>;
}

/** The merchant's webhook route: records each delivery as the kit's `CallbackInput`, answers 200. */
async function startReceiver(): Promise<Receiver> {
  const received: CallbackInput[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      const url = new URL(req.url ?? '/', 'http://receiver');
      received.push({
        method: req.method ?? 'POST',
        headers,
        rawBody: Buffer.concat(chunks).toString('utf8'),
        query: Object.fromEntries(url.searchParams),
        params: { provider: 'payment-apps' },
        remoteAddress: req.socket.remoteAddress,
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"received":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${WEBHOOK_PATH}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export async function startPaymentAppsWorld(
  options: { readonly timeoutMs?: number } = {},
): Promise<PaymentAppsWorld> {
  const receiver = await startReceiver();
  // The simulator's own time is this fixed start plus whatever `advance` adds; the adapter's
  // clock adds the same, so both agree.
  const simulator = await startSimulator({
    clock: { now: () => WORLD_START },
    autoResolveDelayMs: 0,
    webhooks: { 'payment-apps': receiver.url },
  });
  let advanced = 0;
  let garble = false;
  let payments = 0;
  const clock = { now: () => WORLD_START + advanced };

  const worldFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (garble && String(input).endsWith('/requestPayment')) {
      garble = false;
      await response.arrayBuffer();
      return new Response('{"data":{"MerchantRequestID":"29115-34620561-1"},"status":"succ', {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    }
    return response;
  };

  const adapterWith = (overrides: Partial<PaymentAppsOptions>) =>
    paymentApps({
      ...simulator.paymentApps,
      fetch: worldFetch,
      clock,
      timeoutMs: options.timeoutMs ?? WORLD_TIMEOUT_MS,
      ...overrides,
    });

  return {
    adapter: adapterWith({}),
    simulator,
    adapterWith,
    garbleNextPaymentRequest() {
      garble = true;
    },
    request(phone: string, overrides: Partial<InitiateRequest> = {}): InitiateRequest {
      payments += 1;
      return {
        paymentId: `pay_payapps_${payments}`,
        amount: { amount: 150_000, currency: 'KES' },
        phone: phone as Msisdn,
        reference: `ORDER${1000 + payments}`,
        description: 'Lipwa order',
        // Ignored by the adapter (the webhook URL is the dashboard's), but the kit passes it.
        callbackUrl: receiver.url,
        ...overrides,
      };
    },
    received: () => [...receiver.received],
    async idle() {
      // Magic numbers settle at +0 ms of simulated time: run them, then wait for deliveries.
      await simulator.control.advance(0);
      await simulator.control.idle();
    },
    async answer(result, outcome) {
      const promptId = result.providerData?.checkoutRequestId;
      if (promptId === undefined) {
        throw new Error('initiate() returned no checkoutRequestId: the prompt cannot be found.');
      }
      await simulator.control.answer(promptId, outcome);
    },
    async fault(fault) {
      simulator.control.fault({ ...fault, provider: 'payment-apps' });
    },
    async advance(ms) {
      advanced += ms;
      await simulator.control.advance(ms);
    },
    async close() {
      await simulator.close();
      await receiver.close();
    },
  };
}

/** Worlds started by the fixture, so `malformed` can reach the world's fetch. */
const worlds = new WeakMap<ContractWorld, PaymentAppsWorld>();

function withHeaders(input: CallbackInput, headers: CallbackInput['headers']): CallbackInput {
  return { ...input, headers };
}

export const paymentAppsFixture: ProviderContractFixture & {
  /** Makes the world's next initiate answer malformed (the request still reaches the gateway). */
  malformed(world: ContractWorld): Promise<void>;
} = {
  provider: 'payment-apps',
  authentication: 'signature',
  currency: 'KES',
  flow: 'stk',
  async start(options) {
    const world = await startPaymentAppsWorld(options);
    worlds.set(world, world);
    return world;
  },
  forge(genuine, how) {
    if (how === 'unsigned') {
      const { 'x-salami-signature': _dropped, ...headers } = genuine.headers;
      return withHeaders(genuine, headers);
    }
    // Claims success on whatever it was (or a different amount on a success), keeps the old signature.
    const record = JSON.parse(genuine.rawBody) as Record<string, unknown>;
    const forged =
      record.status === 'STATUS_COMPLETED'
        ? { ...record, amount: '1.00' }
        : { ...record, status: 'STATUS_COMPLETED', result_code: '0', transaction_id: 'UCF0FORGED' };
    return { ...genuine, rawBody: JSON.stringify(forged) };
  },
  async foreign() {
    // Correctly signed with the app's secret, about a Salami id this world never created.
    const rawBody = JSON.stringify({
      id: 987_654,
      payer_account: '254711000000',
      payer_name: null,
      payee_account: '174379',
      payee_name: 'Lipwa Simulator Shop',
      reference: 'ELSEWHERE1',
      transaction_id: 'UCF7ELSEWH',
      amount: '1500.00',
      currency: 'KES',
      transaction_time: '2026-03-15T11:30:00.000000Z',
      narration: null,
      status: 'STATUS_COMPLETED',
      transaction_type: 'PAYMENT_IN',
      transaction_sub_type: 'CustomerPayBillOnline',
      payment_provider: 'MpesaKeExpress',
      app_id: paymentAppsSandbox.paymentApp,
      created_at: '2026-03-15T11:30:00.000000Z',
      updated_at: '2026-03-15T11:30:00.000000Z',
      result_code: '0',
      result_desc: 'The service request is processed successfully.',
    });
    return {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-salami-signature': paymentAppsSignature(paymentAppsSandbox.webhookSecret, rawBody),
      },
      rawBody,
      query: {},
      params: { provider: 'payment-apps' },
      remoteAddress: '127.0.0.1',
    };
  },
  async malformed(world) {
    const known = worlds.get(world);
    if (!known) throw new Error('malformed() needs a world started by paymentAppsFixture.start().');
    known.garbleNextPaymentRequest();
  },
};
