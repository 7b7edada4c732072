/**
 * Test fixture: a running simulator whose Cashfin webhook URL points at a local receiver that
 * keeps every webhook's exact bytes and headers, and a minimal client sending cashfin.md's
 * request shapes.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SimulatorOptions } from '../options.js';
import { type RunningSimulator, startSimulator } from '../start-simulator.js';
import { MOBILE_PAYMENT_PATH } from './cashfin-router.js';
import { cashfinSandbox } from './sandbox.js';

export interface ReceivedWebhook {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: string;
}

export interface WebhookReceiver {
  readonly url: string;
  readonly received: ReceivedWebhook[];
  close(): Promise<void>;
}

/** Answers every webhook 200 `{ "received": true }`, as cashfin.md asks. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        path: req.url ?? '',
        headers: req.headers,
        rawBody: Buffer.concat(chunks).toString('utf8'),
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
