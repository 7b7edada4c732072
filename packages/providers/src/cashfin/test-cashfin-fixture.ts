/// <reference types="node" />
/**
 * Cashfin's contract fixture: a world is the simulator over real HTTP with its Cashfin webhook
 * URL registered (as a merchant does in the dashboard) to a local receiver on the kit's fixed
 * route, and a `cashfin()` adapter pointed at both on a clock the world moves.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CallbackInput, InitiateRequest, Msisdn } from '@lipwa/core';
import {
  cashfinSandbox,
  type RunningSimulator,
  signedCashfinWebhook,
  startSimulator,
} from '@lipwa/simulator';
import type { ContractWorld, ProviderContractFixture } from '../testing/contract-fixture.js';
import { type CashfinAdapter, cashfin } from './cashfin-adapter.js';
import { CASHFIN_SIGNATURE_HEADER } from './webhook-signature.js';

/** A few seconds, as the contract suite asks; it passes a short one where it hangs the simulator on purpose. */
export const WORLD_TIMEOUT_MS = 5_000;

export interface CashfinWorld extends ContractWorld {
  readonly adapter: CashfinAdapter;
  readonly simulator: RunningSimulator;
  /** The fixed route registered as Cashfin's webhook URL: `<receiver>/lipwa/callbacks/cashfin`. */
  readonly webhookUrl: string;
  /** The next initiate reaches the simulator, but its answer arrives as a truncated body. */
  malformNext(): void;
}

interface Receiver {
  readonly url: string;
  readonly received: CallbackInput[];
  close(): Promise<void>;
}

/** The merchant's fixed webhook route: records each delivery as the kit hands it to the adapter. */
async function startReceiver(): Promise<Receiver> {
  const received: CallbackInput[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://receiver');
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      received.push({
        method: req.method ?? 'POST',
        headers,
        rawBody: Buffer.concat(chunks).toString('utf8'),
        query: Object.fromEntries(url.searchParams),
        params: { provider: 'cashfin' },
        remoteAddress: req.socket.remoteAddress,
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"received":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/lipwa/callbacks/cashfin`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export interface CashfinWorldOptions {
  readonly timeoutMs?: number;
  /** The simulator's log lines (phones masked, no secrets); silent by default. */
  readonly log?: (line: string) => void;
}

export async function startCashfinWorld(options: CashfinWorldOptions = {}): Promise<CashfinWorld> {
  const receiver = await startReceiver();
  const simulator = await startSimulator({
    port: 0,
    autoResolveDelayMs: 0,
    webhooks: { cashfin: receiver.url },
    ...(options.log ? { log: options.log } : {}),
  });
  let offset = 0;
  let malformNext = false;
  let payments = 0;
  const adapter = cashfin({
    ...simulator.cashfin,
    timeoutMs: options.timeoutMs ?? WORLD_TIMEOUT_MS,
    clock: { now: () => Date.now() + offset },
    // Real HTTP to the simulator; only a malformed answer is made up, after the request was served.
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      if (!malformNext) return response;
      malformNext = false;
      await response.arrayBuffer();
      return new Response('{"success":true,"data":{"checkoutrequestid":', {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    },
  });
  const idle = async () => {
    await simulator.control.advance(0);
    await simulator.control.idle();
  };
  return {
    adapter,
    simulator,
    webhookUrl: receiver.url,
    malformNext() {
      malformNext = true;
    },
    request(phone: string, overrides: Partial<InitiateRequest> = {}): InitiateRequest {
      payments += 1;
      return {
        paymentId: `pay_cashfin_${payments}`,
        amount: { amount: 150_000, currency: 'KES' },
        phone: phone as Msisdn,
        reference: `ORDER-${payments}`,
        description: 'Lipwa contract suite',
        // Cashfin takes no callback URL per request: this is the route registered in its dashboard.
        callbackUrl: receiver.url,
        ...overrides,
      };
    },
    received: () => [...receiver.received],
    idle,
    async answer(result, outcome) {
      await simulator.control.answer(result.providerRef, outcome);
      await idle();
    },
    async fault(fault) {
      simulator.control.fault({ ...fault, provider: 'cashfin' });
    },
    async advance(ms) {
      offset += ms;
      await simulator.control.advance(ms);
    },
    async close() {
      await simulator.close();
      await receiver.close();
    },
  };
}

function parseBody(input: CallbackInput): { type?: unknown; data?: Record<string, unknown> } {
  return JSON.parse(input.rawBody) as { type?: unknown; data?: Record<string, unknown> };
}

/**
 * The members the shared suite reads beyond the base interface (`malformed`, `receipts`,
 * `retryAfter`, `accessTokens`), declared here so the fixture type-checks on either side of them.
 */
interface CashfinFixtureExtras {
  malformed(world: ContractWorld): Promise<void>;
  readonly receipts: boolean;
  readonly retryAfter: boolean;
  readonly accessTokens: boolean;
}

export const cashfinFixture: ProviderContractFixture & CashfinFixtureExtras = {
  provider: 'cashfin',
  authentication: 'signature',
  currency: 'KES',
  flow: 'stk',
  // Every outcome has its own result code, so `expressible` stays the default (all).
  receipts: true, // mpesareceiptnumber on every completed payment
  retryAfter: true, // 429 carries retry_after and Retry-After
  accessTokens: false, // a static client secret: nothing expires mid-flow
  start: (options?: CashfinWorldOptions) => startCashfinWorld(options),
  forge(genuine, how) {
    if (how === 'unsigned') {
      const { [CASHFIN_SIGNATURE_HEADER]: _dropped, ...headers } = genuine.headers;
      return { ...genuine, headers };
    }
    // Claim success (or a bigger payment) without re-signing.
    const event = parseBody(genuine);
    const data = { ...event.data };
    if (event.type === 'payment.completed') data.amount = Number(data.amount ?? 0) + 1;
    const tampered = {
      ...event,
      type: 'payment.completed',
      data: { ...data, status: 'completed', resultcode: '0', mpesareceiptnumber: 'FORGED0001' },
    };
    return { ...genuine, rawBody: JSON.stringify(tampered) };
  },
  async foreign() {
    // Signed with the account's real webhook secret, about a payment this world never asked for.
    const now = new Date().toISOString();
    const { rawBody, headers } = signedCashfinWebhook(
      {
        type: 'payment.completed',
        data: {
          _id: '65f2c0ffee0ddba11c0ffee0',
          checkoutrequestid: 'ws_CO_14032025093000000799999999',
          merchantrequestid: '40404-40404040-1',
          referenceid: 'SOMEONE-ELSES-ORDER',
          amount: 1500,
          currency: 'KES',
          phone: '254799999999',
          channel: 'mpesa',
          status: 'completed',
          resultcode: '0',
          resultdesc: 'The service request is processed successfully.',
          mpesareceiptnumber: 'TCE0000000',
          createdat: now,
          updatedat: now,
        },
      },
      cashfinSandbox.webhookSecret,
    );
    return {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      rawBody,
      query: {},
      params: { provider: 'cashfin' },
    };
  },
  async malformed(world) {
    (world as CashfinWorld).malformNext();
  },
};
