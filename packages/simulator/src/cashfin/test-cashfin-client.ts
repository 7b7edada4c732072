/**
 * Test fixture: a running simulator whose Cashfin webhook URL points at a local receiver that
 * keeps every webhook's exact bytes and headers, and a minimal client sending cashfin.md's
 * request shapes.
 */
import type { SimulatorOptions } from '../options.js';
import { type RunningSimulator, startSimulator } from '../start-simulator.js';
import {
  type CallbackReceiver,
  startWebhookReceiver as startReceiver,
} from '../test-callback-receiver.js';
import { MOBILE_PAYMENT_PATH } from './cashfin-router.js';
import { cashfinSandbox } from './sandbox.js';

export type WebhookReceiver = CallbackReceiver;

/** Answers every webhook 200 `{ "received": true }`, as cashfin.md asks. */
export function startWebhookReceiver(): Promise<WebhookReceiver> {
  return startReceiver('cashfin');
}

export interface CashfinFixture {
  readonly simulator: RunningSimulator;
  readonly receiver: WebhookReceiver;
  readonly logs: string[];
  /** A valid request body with `overrides` applied (`undefined` removes a field). */
  body(overrides?: Record<string, unknown>): Record<string, unknown>;
  /** POSTs to the mobile payment request with the bare client secret unless `headers` say otherwise. */
  request(body: unknown, headers?: Record<string, string>): Promise<Response>;
  /** Requests a payment and returns its checkoutrequestid (fails the test otherwise). */
  accepted(overrides?: Record<string, unknown>): Promise<string>;
  /** Lets due prompts settle and every webhook arrive. */
  settle(ms?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startCashfinFixture(options: SimulatorOptions = {}): Promise<CashfinFixture> {
  const receiver = await startWebhookReceiver();
  const logs: string[] = [];
  const simulator = await startSimulator({
    webhooks: { cashfin: receiver.url },
    log: (line) => logs.push(line),
    ...options,
  });
  const body = (overrides: Record<string, unknown> = {}) => {
    const base: Record<string, unknown> = {
      amount: 1500,
      phone: '254711000000',
      channel: 'mpesa',
      referenceid: 'ORDER-001',
    };
    for (const [key, value] of Object.entries(overrides)) {
      if (value === undefined) delete base[key];
      else base[key] = value;
    }
    return base;
  };
  const request = (payload: unknown, headers: Record<string, string> = {}) =>
    fetch(`${simulator.cashfin.baseUrl}${MOBILE_PAYMENT_PATH}`, {
      method: 'POST',
      headers: {
        authorization: cashfinSandbox.clientSecret,
        'content-type': 'application/json',
        ...headers,
      },
      body: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
  return {
    simulator,
    receiver,
    logs,
    body,
    request,
    async accepted(overrides = {}) {
      const response = await request(body(overrides));
      const answer = (await response.json()) as { data?: { checkoutrequestid?: string } };
      if (response.status !== 200 || !answer.data?.checkoutrequestid) {
        throw new Error(`Payment not accepted: ${response.status} ${JSON.stringify(answer)}`);
      }
      return answer.data.checkoutrequestid;
    },
    async settle(ms = 0) {
      await simulator.control.advance(ms);
      await simulator.control.idle();
    },
    async close() {
      await simulator.close();
      await receiver.close();
    },
  };
}
