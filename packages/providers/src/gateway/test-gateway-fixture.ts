/// <reference types="node" />
/**
 * The Payment Gateway's contract fixture: a world is the simulator on 127.0.0.1:0, a merchant
 * endpoint that records each callback exactly as it arrived, and `paymentGateway()` pointed at
 * both on a clock the world moves. Callbacks are authenticated by their signature.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CallbackInput, InitiateRequest, InitiateResult, Msisdn } from '@lipwa/core';
import { type RunningSimulator, startSimulator } from '@lipwa/simulator';
import type {
  ContractOutcome,
  ContractWorld,
  ProviderContractFixture,
} from '../testing/contract-fixture.js';
import { type GatewayAdapter, paymentGateway } from './gateway-adapter.js';
import type { GatewayOptions } from './gateway-options.js';

/** Short enough for a hang to cost the suite under a second, long enough for a loaded CI box. */
// Generous: a loaded CI machine must never time out a healthy request. The hang cases pass a short one.
export const WORLD_TIMEOUT_MS = 5_000;
/** Callbacks to this path prefix are kept apart: `foreign()` makes them for another payment. */
const FOREIGN_PREFIX = '/foreign/';

interface Received {
  readonly path: string;
  readonly input: CallbackInput;
}

/** A tiny merchant endpoint: records each callback as it arrived and answers 200. */
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
          params: { provider: 'gateway', token: (req.url ?? '').split('/').pop() ?? '' },
          remoteAddress: req.socket.remoteAddress,
        },
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"result":{"code":0,"message":"OK"}}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, server };
}

/** A world plus the gateway-only hooks the fixture's optional members use. */
export interface GatewayWorld extends ContractWorld {
  readonly adapter: GatewayAdapter;
  readonly simulator: RunningSimulator;
  /** The next `payment_c2b` reaches the simulator, but its answer is replaced by broken JSON. */
  malformNextInitiate(): void;
  /** Callbacks sent to `callbackUrl(FOREIGN…)`, kept out of `received()`. */
  foreignCallbacks(): CallbackInput[];
  callbackUrl(path: string): string;
  /** A second adapter on the same simulator, for tests that need other options. */
  adapterWith(overrides: Partial<GatewayOptions>): GatewayAdapter;
}

export async function startGatewayWorld(
  options: { readonly timeoutMs?: number } = {},
): Promise<GatewayWorld> {
  // One clock for the world: the simulator's stands still until `advance` moves its scheduler,
  // and the adapter's moves by the same amounts.
  const startedAt = Date.now();
  let offset = 0;
  const clock = { now: () => startedAt + offset };
  const simulator = await startSimulator({
    port: 0,
    autoResolveDelayMs: 0,
    clock: { now: () => startedAt },
  });
  const receiver = await startReceiver();
  let malformNext = false;
  let sequence = 0;

  // The real exchange happens; only the answer the adapter reads is broken.
  const worldFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (malformNext && String(input).endsWith('/payment_c2b')) {
      malformNext = false;
      await response.arrayBuffer();
      return new Response('{"order_id": "', {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    }
    return response;
  };

  const adapterWith = (overrides: Partial<GatewayOptions>) =>
    paymentGateway({
      ...simulator.gateway,
      timeoutMs: options.timeoutMs ?? WORLD_TIMEOUT_MS,
      fetch: worldFetch,
      clock,
      ...overrides,
    });

  const world: GatewayWorld = {
    adapter: adapterWith({}),
    simulator,
    request(phone: string, overrides: Partial<InitiateRequest> = {}): InitiateRequest {
      sequence += 1;
      return {
        paymentId: `pay_${phone}_${sequence}`,
        amount: { amount: 150_000, currency: 'KES' },
        phone: phone as Msisdn,
        reference: `ORDER-${sequence}`,
        description: 'Lipwa contract suite',
        callbackUrl: world.callbackUrl(`/lipwa/callbacks/gateway/tok_${sequence}`),
        ...overrides,
      };
    },
    received: () =>
      receiver.received.filter((r) => !r.path.startsWith(FOREIGN_PREFIX)).map((r) => r.input),
    foreignCallbacks: () =>
      receiver.received.filter((r) => r.path.startsWith(FOREIGN_PREFIX)).map((r) => r.input),
    callbackUrl: (path) => `${receiver.url}${path}`,
    async idle() {
      // Runs what is due now (magic numbers settle after 0 ms), then waits for deliveries.
      await simulator.control.advance(0);
      await simulator.control.idle();
    },
    async answer(result: InitiateResult, outcome: ContractOutcome) {
      const prompt = simulator.control
        .prompts()
        .find((p) => p.provider === 'gateway' && p.reference === result.providerRef);
      if (!prompt) throw new Error(`No pending gateway prompt for order ${result.providerRef}.`);
      await simulator.control.answer(prompt.id, outcome);
      await world.idle();
    },
    async fault(fault) {
      simulator.control.fault({ provider: 'gateway', ...fault });
    },
    async advance(ms) {
      offset += ms;
      await simulator.control.advance(ms);
    },
    malformNextInitiate() {
      malformNext = true;
    },
    adapterWith,
    async close() {
      await simulator.close();
      await new Promise<void>((resolve) => {
        receiver.server.close(() => resolve());
        receiver.server.closeAllConnections();
      });
    },
  };
  return world;
}

/** Re-serialises a callback body with `change` applied, keeping its key order. */
function rewrite(genuine: CallbackInput, change: (body: Record<string, unknown>) => void) {
  const body = JSON.parse(genuine.rawBody) as Record<string, unknown>;
  change(body);
  return { ...genuine, rawBody: JSON.stringify(body) };
}

export interface GatewayContractFixture extends ProviderContractFixture {
  start(options?: { readonly timeoutMs?: number }): Promise<GatewayWorld>;
  /** Makes the next initiate's answer malformed (the suite's optional hook). */
  malformed(world: ContractWorld): Promise<void>;
  foreign(world: ContractWorld): Promise<CallbackInput | undefined>;
}

export const gatewayFixture: GatewayContractFixture = {
  provider: 'gateway',
  authentication: 'signature',
  currency: 'KES',
  flow: 'stk',
  // Its c2b answers, callbacks and status answers carry no amount: the signed request fixed it.
  reportsAmount: false,
  start: startGatewayWorld,
  forge(genuine, how) {
    if (how === 'unsigned') {
      return rewrite(genuine, (body) => {
        delete body.signature;
      });
    }
    // Claims another outcome without re-signing.
    return rewrite(genuine, (body) => {
      const result = body.result as { code: number; message: string };
      body.result =
        result.code === 0 ? { code: 1, message: 'INVALID PIN' } : { code: 0, message: 'OK' };
    });
  },
  async malformed(world) {
    (world as GatewayWorld).malformNextInitiate();
  },
  /** A genuine callback about another payment, paid on the same simulator. */
  async foreign(world) {
    const gatewayWorld = world as GatewayWorld;
    const before = gatewayWorld.foreignCallbacks().length;
    await world.adapter.initiate(
      world.request('254711000000', {
        callbackUrl: gatewayWorld.callbackUrl(`${FOREIGN_PREFIX}tok_elsewhere`),
      }),
    );
    await world.idle();
    return gatewayWorld.foreignCallbacks()[before];
  },
};
