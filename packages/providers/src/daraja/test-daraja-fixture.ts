/// <reference types="node" />
/**
 * Daraja's contract fixture: the adapter against `@lipwa/simulator` over real HTTP, callbacks
 * POSTed to a local receiver on per-payment URLs, and one clock the world moves for both.
 * Daraja callbacks are unsigned (the kit checks the URL token), so there is nothing to forge.
 */
import { randomBytes } from 'node:crypto';
import { type CallbackInput, type Clock, type InitiateRequest, parseMsisdn } from '@lipwa/core';
import { startSimulator } from '@lipwa/simulator';
import type { ContractWorld, ProviderContractFixture } from '../testing/contract-fixture.js';
import { startContractReceiver } from '../testing/test-callback-receiver.js';
import { daraja } from './daraja-adapter.js';

/** Long enough for localhost under load; the suite asks for a short one where it must. */
const DEFAULT_TIMEOUT_MS = 5_000;
/** The token on the per-payment URL of the request `foreign()` makes, kept out of `received()`. */
const FOREIGN_TOKEN = 'tok_foreign_payment';
const STK_PUSH_PATH = /\/mpesa\/stkpush\/v1\/processrequest$/;

/** What the fixture's own hooks (`malformed`, `foreign`) reach inside a world. */
interface WorldInternals {
  readonly origin: string;
  corruptNextPush: boolean;
  foreignCallback(): CallbackInput | undefined;
}

const internals = new WeakMap<ContractWorld, WorldInternals>();

function internalsOf(world: ContractWorld): WorldInternals {
  const found = internals.get(world);
  if (!found) throw new Error('This world was not started by darajaFixture.');
  return found;
}

function msisdn(phone: string) {
  const parsed = parseMsisdn(phone);
  if (!parsed.ok) throw new Error(`Not a phone number: ${phone} (${parsed.message})`);
  return parsed.msisdn;
}

/**
 * Passes every exchange through to the simulator, except that it can cut the next STK push
 * answer in half on its way back: a 200 with truncated JSON, as a broken proxy would deliver it.
 * The simulator has no fault for that, and the push did reach it (which is why it is ambiguous).
 */
function corruptibleFetch(state: { corruptNextPush: boolean }): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    const url = typeof input === 'string' || input instanceof URL ? String(input) : input.url;
    if (!state.corruptNextPush || !STK_PUSH_PATH.test(new URL(url).pathname)) return response;
    state.corruptNextPush = false;
    const text = await response.text();
    return new Response(text.slice(0, Math.floor(text.length / 2)), {
      status: response.status,
      headers: { 'content-type': 'application/json' },
    });
  };
}

export const darajaFixture: ProviderContractFixture = {
  provider: 'daraja',
  authentication: 'url-token',
  currency: 'KES',
  flow: 'stk',
  receipts: true,
  // Daraja's throttling answers carry no Retry-After.
  retryAfter: false,
  accessTokens: true,

  async start(options = {}) {
    const sim = await startSimulator({ port: 0, autoResolveDelayMs: 0 });
    const receiver = await startContractReceiver({
      status: 200,
      body: '{"ResultCode":0,"ResultDesc":"Accepted"}',
    });
    // The simulator runs on the system clock plus however far it was advanced; so does the adapter.
    let advancedMs = 0;
    const clock: Clock = { now: () => Date.now() + advancedMs };
    const state: WorldInternals = {
      origin: receiver.origin,
      corruptNextPush: false,
      foreignCallback: () =>
        receiver.received.find((callback) => callback.input.params.token === FOREIGN_TOKEN)?.input,
    };
    const adapter = daraja({
      ...sim.daraja,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      clock,
      fetch: corruptibleFetch(state),
    });

    const world: ContractWorld = {
      adapter,
      request(phone, overrides = {}): InitiateRequest {
        const token = `tok_${randomBytes(16).toString('hex')}`;
        return {
          paymentId: `pay_${randomBytes(16).toString('hex')}`,
          amount: { amount: 150_000, currency: 'KES' },
          phone: msisdn(phone),
          reference: 'ORDER-1042',
          description: 'Contract suite',
          callbackUrl: `${receiver.origin}/lipwa/callbacks/daraja/${token}`,
          ...overrides,
        };
      },
      received: () =>
        receiver.received
          .filter((callback) => callback.input.params.token !== FOREIGN_TOKEN)
          .map((callback) => callback.input),
      idle: () => sim.control.idle(),
      async answer(result, outcome) {
        await sim.control.answer(result.providerRef, outcome);
      },
      async fault(fault) {
        sim.control.fault({ provider: 'daraja', ...fault });
      },
      async advance(ms) {
        advancedMs += ms;
        await sim.control.advance(ms);
      },
      async close() {
        await Promise.all([sim.close(), receiver.close()]);
      },
    };
    internals.set(world, state);
    return world;
  },

  // The body carries no signature to remove or break: the kit's URL-token check is the defence.
  forge: () => undefined,

  /** A genuine callback for another payment on the same shortcode, sent to its own URL token. */
  async foreign(world) {
    const { origin, foreignCallback } = internalsOf(world);
    await world.adapter.initiate(
      world.request('254711000000', {
        callbackUrl: `${origin}/lipwa/callbacks/daraja/${FOREIGN_TOKEN}`,
      }),
    );
    await world.advance(0);
    await world.idle();
    return foreignCallback();
  },

  async malformed(world) {
    internalsOf(world).corruptNextPush = true;
  },
};
