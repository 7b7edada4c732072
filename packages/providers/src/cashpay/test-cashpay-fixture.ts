/// <reference types="node" />
/**
 * CashPay's contract fixture: a world is the simulator on 127.0.0.1:0, a merchant receiver for the
 * webhooks (recorded as the kit would hand them to `verifyCallback`) and return pages, and an
 * adapter pointed at both on a clock the world moves together with the simulator's. The customer
 * answers on the simulator's hosted payment page, exactly as a browser would submit it.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CallbackInput, InitiateRequest, InitiateResult } from '@lipwa/core';
import { type RunningSimulator, startSimulator } from '@lipwa/simulator';
import type {
  ContractOutcome,
  ContractWorld,
  ProviderContractFixture,
} from '../testing/contract-fixture.js';
import { type CashpayAdapter, cashpay } from './cashpay-adapter.js';

const CALLBACK_PREFIX = '/lipwa/callbacks/cashpay/';
const FOREIGN_PREFIX = '/foreign/callbacks/cashpay/';

export interface CashpayWorldOptions {
  /** The adapter's per-request timeout; short, so a hung simulator fails a test fast. Default 500. */
  readonly timeoutMs?: number;
}

/** A contract world plus what CashPay's own tests look at. */
export interface CashpayWorld extends ContractWorld {
  readonly adapter: CashpayAdapter;
  readonly simulator: RunningSimulator;
  /** The receiver's origin, e.g. `http://127.0.0.1:41234`. */
  readonly merchantUrl: string;
  /** `METHOD /path` of every request the adapter sent, in order (paths below the base URL). */
  sent(): string[];
  /** Makes the next create-charge answer a 201 whose body is not a charge (the simulator cannot). */
  malformNextCharge(): void;
  /** Webhooks that reached the foreign (another payment's) route. */
  foreignReceived(): CallbackInput[];
}

interface Receiver {
  readonly url: string;
  readonly received: CallbackInput[];
  readonly foreign: CallbackInput[];
  close(): Promise<void>;
}

function headersOf(req: IncomingMessage): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** A merchant endpoint: records webhooks exactly as they arrived, answers return pages with HTML. */
async function startReceiver(): Promise<Receiver> {
  const received: CallbackInput[] = [];
  const foreign: CallbackInput[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://receiver');
      const prefix = [CALLBACK_PREFIX, FOREIGN_PREFIX].find((p) => url.pathname.startsWith(p));
      if (!prefix || req.method !== 'POST') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!doctype html><title>Order</title><p>Back at the shop.</p>');
        return;
      }
      const input: CallbackInput = {
        method: req.method,
        headers: headersOf(req),
        rawBody: Buffer.concat(chunks).toString('utf8'),
        query: Object.fromEntries(url.searchParams),
        params: { provider: 'cashpay', token: url.pathname.slice(prefix.length) },
        remoteAddress: req.socket.remoteAddress,
      };
      (prefix === CALLBACK_PREFIX ? received : foreign).push(input);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"received":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    foreign,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Where a browser would post when the button named `label` is pressed on the hosted page. */
export function formTarget(html: string, pageUrl: string, label: string): string {
  const button = new RegExp(`<button([^>]*)>\\s*${label}\\s*</button>`).exec(html);
  if (!button) throw new Error(`The hosted page has no "${label}" button.`);
  const own = /formaction="([^"]*)"/.exec(button[1] ?? '')?.[1];
  const before = html.slice(0, button.index);
  const form = [...before.matchAll(/<form[^>]*action="([^"]*)"/g)].pop()?.[1];
  const action = own ?? form;
  if (action === undefined) throw new Error(`The "${label}" button is not in a form.`);
  return new URL(decodeEntities(action), pageUrl).toString();
}

const buttonFor = (outcome: ContractOutcome) =>
  outcome === 'paid' ? 'Approve payment' : 'Decline payment';

/** Presses a button on the charge's hosted page; resolves once CashPay redirected back. */
export async function pressOnHostedPage(
  world: Pick<CashpayWorld, 'simulator'>,
  result: InitiateResult,
  label: 'Approve payment' | 'Decline payment' | 'Close without paying',
): Promise<Response> {
  if (result.next.type !== 'redirect') throw new Error('CashPay answers a redirect.');
  const page = await fetch(result.next.url);
  const target = formTarget(await page.text(), result.next.url, label);
  const response = await fetch(target, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: '',
    redirect: 'manual',
  });
  await response.arrayBuffer();
  if (response.status !== 303) {
    throw new Error(`The hosted page answered ${response.status} to "${label}", not 303.`);
  }
  await world.simulator.control.idle();
  return response;
}

export async function startCashpayWorld(options: CashpayWorldOptions = {}): Promise<CashpayWorld> {
  const simulator = await startSimulator({ port: 0 });
  const receiver = await startReceiver();
  let offsetMs = 0;
  let malformNext = false;
  let requests = 0;
  const sent: string[] = [];
  const baseUrl = simulator.cashpay.baseUrl;

  const adapterFetch: typeof fetch = async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    const method = init?.method ?? 'GET';
    const path = url.startsWith(baseUrl) ? url.slice(baseUrl.length) : url;
    sent.push(`${method} ${path}`);
    const response = await fetch(input, init);
    if (malformNext && method === 'POST' && path === '/charges') {
      malformNext = false;
      await response.arrayBuffer();
      return new Response('{"ok":true,"charge":null}', {
        status: 201,
        headers: { 'content-type': 'application/json' },
      });
    }
    return response;
  };

  const adapter = cashpay({
    ...simulator.cashpay,
    // Generous: a loaded CI machine must never time out a healthy request; hang cases pass a short one.
    timeoutMs: options.timeoutMs ?? 5_000,
    fetch: adapterFetch,
    clock: { now: () => Date.now() + offsetMs },
  });

  const request = (prefix: string, overrides: Partial<InitiateRequest> = {}) => {
    requests += 1;
    return {
      paymentId: `pay_${randomBytes(6).toString('hex')}`,
      amount: { amount: 200_000, currency: 'YER' },
      reference: `ORDER-${requests}`,
      description: 'Lipwa contract test',
      callbackUrl: `${receiver.url}${prefix}tok_${randomBytes(12).toString('hex')}`,
      returnUrl: `${receiver.url}/shop/orders/${requests}`,
      ...overrides,
    };
  };

  const world: CashpayWorld = {
    adapter,
    simulator,
    merchantUrl: receiver.url,
    // CashPay needs no phone: the customer pays on the hosted page, so the number is not sent.
    request: (_phone, overrides) => request(CALLBACK_PREFIX, overrides),
    received: () => [...receiver.received],
    foreignReceived: () => [...receiver.foreign],
    idle: () => simulator.control.idle(),
    async answer(result, outcome) {
      await pressOnHostedPage(world, result, buttonFor(outcome));
    },
    async fault(fault) {
      simulator.control.fault({ ...fault, provider: 'cashpay' });
    },
    async advance(ms) {
      offsetMs += ms;
      await simulator.control.advance(ms);
    },
    sent: () => [...sent],
    malformNextCharge() {
      malformNext = true;
    },
    async close() {
      await simulator.close();
      await receiver.close();
    },
  };
  foreignRequests.set(world, (overrides) => request(FOREIGN_PREFIX, overrides));
  return world;
}

const foreignRequests = new WeakMap<
  ContractWorld,
  (overrides?: Partial<InitiateRequest>) => InitiateRequest
>();

function cashpayWorldOf(world: ContractWorld): CashpayWorld {
  if (!foreignRequests.has(world)) throw new Error('Not a world started by cashpayFixture.');
  return world as CashpayWorld;
}

/** Changes a genuine webhook's body to claim a capture (more money, CAPTURED). */
function tamper(genuine: CallbackInput): CallbackInput {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(genuine.rawBody) as Record<string, unknown>;
  } catch {
    return { ...genuine, rawBody: `${genuine.rawBody} ` };
  }
  const amount = typeof body.amount === 'number' ? body.amount * 10 : 1;
  return { ...genuine, rawBody: JSON.stringify({ ...body, status: 'CAPTURED', amount }) };
}

/**
 * CashPay's fixture. Members beyond `ProviderContractFixture` (`expressible`, `malformed`) are the
 * optional ones the contract suite reads when present.
 */
export const cashpayFixture: ProviderContractFixture & {
  /** CashPay's FAILED carries no reason: only `paid` is said in CashPay's own words. */
  readonly expressible: ContractOutcome[];
  malformed(world: ContractWorld): Promise<void>;
} = {
  provider: 'cashpay',
  authentication: 'refetch',
  currency: 'YER',
  flow: 'redirect',
  expressible: ['paid'],
  start: (options) => startCashpayWorld(options),
  forge(genuine, how) {
    // CashPay signs nothing, so there is no signature to strip: every webhook is already distrusted.
    return how === 'tamper' ? tamper(genuine) : undefined;
  },
  async foreign(world) {
    const own = cashpayWorldOf(world);
    const foreignRequest = foreignRequests.get(world);
    if (!foreignRequest) return undefined;
    const started = await own.adapter.initiate(foreignRequest());
    await pressOnHostedPage(own, started, 'Approve payment');
    return own.foreignReceived().at(-1);
  },
  async malformed(world) {
    cashpayWorldOf(world).malformNextCharge();
  },
};
