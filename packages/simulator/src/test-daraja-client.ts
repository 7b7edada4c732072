/**
 * Test fixture: a running simulator, a callback receiver, and a minimal Daraja client that
 * sends the real request shapes from daraja.md.
 */

import { type FakeClock, fakeClock } from '@lipwa/core/testing';
import { darajaTimestamp } from './daraja/daraja-time.js';
import { stkPassword } from './daraja/password.js';
import { darajaSandbox } from './daraja/sandbox.js';
import type { SimulatorOptions } from './options.js';
import { type RunningSimulator, startSimulator } from './start-simulator.js';
import { type CallbackReceiver, startCallbackReceiver } from './test-callback-receiver.js';

/** A clock the test moves by hand. */
export function manualClock(start = Date.UTC(2025, 2, 14, 9, 30, 0)): FakeClock {
  return fakeClock(start);
}

export interface DarajaFixture {
  simulator: RunningSimulator;
  receiver: CallbackReceiver;
  clock: ReturnType<typeof manualClock>;
  /** OAuth with the sandbox credentials; returns the access token. */
  token(): Promise<string>;
  /** The JSON body of a valid STK push, with `overrides` applied (undefined removes a field). */
  pushBody(overrides?: Record<string, unknown>): Record<string, unknown>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  push(overrides?: Record<string, unknown>): Promise<Response>;
  /** Pushes and returns the accepted CheckoutRequestID (fails the test otherwise). */
  pushAccepted(overrides?: Record<string, unknown>): Promise<string>;
  query(checkoutRequestId: string): Promise<Response>;
  close(): Promise<void>;
}

export async function startDarajaFixture(options: SimulatorOptions = {}): Promise<DarajaFixture> {
  const clock = manualClock();
  const simulator = await startSimulator({ clock, ...options });
  const receiver = await startCallbackReceiver();
  const base = simulator.daraja.baseUrl;
  const basic = Buffer.from(
    `${darajaSandbox.consumerKey}:${darajaSandbox.consumerSecret}`,
  ).toString('base64');
  let cachedToken: string | undefined;

  const fixture: DarajaFixture = {
    simulator,
    receiver,
    clock,
    async token() {
      const response = await fetch(`${base}/oauth/v1/generate?grant_type=client_credentials`, {
        headers: { authorization: `Basic ${basic}` },
      });
      const body = (await response.json()) as { access_token: string };
      return body.access_token;
    },
    pushBody(overrides = {}) {
      const timestamp = darajaTimestamp(clock.now());
      const body: Record<string, unknown> = {
        BusinessShortCode: 174379,
        Password: stkPassword(darajaSandbox.shortcode, darajaSandbox.passkey, timestamp),
        Timestamp: timestamp,
        TransactionType: 'CustomerPayBillOnline',
        Amount: 1,
        PartyA: 254708374149,
        PartyB: 174379,
        PhoneNumber: 254708374149,
        CallBackURL: receiver.url,
        AccountReference: 'LW1A2B3C4D5E',
        TransactionDesc: 'Payment',
        ...overrides,
      };
      for (const [key, value] of Object.entries(body)) if (value === undefined) delete body[key];
      return body;
    },
    async post(path, body, headers = {}) {
      cachedToken ??= await fixture.token();
      return fetch(`${base}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${cachedToken}`,
          'content-type': 'application/json',
          ...headers,
        },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    },
    push(overrides) {
      return fixture.post('/mpesa/stkpush/v1/processrequest', fixture.pushBody(overrides));
    },
    async pushAccepted(overrides) {
      const response = await fixture.push(overrides);
      const body = (await response.json()) as { CheckoutRequestID?: string };
      if (response.status !== 200 || !body.CheckoutRequestID) {
        throw new Error(`STK push refused: ${response.status} ${JSON.stringify(body)}`);
      }
      return body.CheckoutRequestID;
    },
    query(checkoutRequestId) {
      const timestamp = '20210628092408';
      return fixture.post('/mpesa/stkpushquery/v1/query', {
        BusinessShortCode: '174379',
        Password: stkPassword(darajaSandbox.shortcode, darajaSandbox.passkey, timestamp),
        Timestamp: timestamp,
        CheckoutRequestID: checkoutRequestId,
      });
    },
    async close() {
      await simulator.close();
      await receiver.close();
    },
  };
  return fixture;
}

/** Yields to the event loop until `condition` holds (no timers, no sleeping); fails after many turns. */
export async function until(condition: () => boolean, turns = 2_000): Promise<void> {
  for (let turn = 0; turn < turns; turn++) {
    if (condition()) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  throw new Error('condition never became true');
}

/** Lets pending I/O run for a few event-loop turns, so a test can assert something has not happened. */
export async function yieldTurns(turns = 20): Promise<void> {
  for (let turn = 0; turn < turns; turn++) {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
