/**
 * Widely used third-party Daraja clients from npm, run against the simulator over real HTTP on
 * 127.0.0.1 with their own defaults: OAuth, STK push, STK query. If the simulator were stricter
 * than Daraja (or answered in yesterday's shapes), code written with these clients would break
 * against it while working against Safaricom.
 *
 * Which clients, and how they are pointed at the simulator without patching them:
 * - `mpesa-node` 0.1.3 (Safaricom's own `mpesa-node-library`, the most downloaded plain-JS
 *   client after `mpesa-api`). Every call reads the instance's public `baseURL` field (its
 *   helpers even take a base URL parameter), so the test sets that field to the simulator.
 * - `daraja.js` 1.0.2 (daraja-sdks, builder style, plain JS on axios 0.27). Its host is fixed to
 *   `https://sandbox.safaricom.co.ke`, but axios honours the standard `https_proxy` variable and
 *   sends such requests in plain HTTP to an HTTP proxy; the test runs a small forwarding proxy
 *   on 127.0.0.1 that hands them to the simulator. The client is untouched: it believes it talks
 *   to the sandbox.
 * - Not `mpesa-api` 3.0.2, the most downloaded: its HTTP service keeps only the host name of the
 *   base URL and drops the port, so it cannot reach a local server on a random port without
 *   patching (it also defaults TransactionType to "CustomerPayBillOnline " with a trailing space).
 *
 * Both clients send their default TransactionDesc, "Lipa na mpesa online" (20 characters), which
 * Daraja accepts and the simulator used to refuse; both read the STK query's HTTP 200 "4999"
 * answer on an open prompt (an HTTP 500 would make them throw).
 */

import { createServer, request as httpRequest, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../start-simulator.js';
import { type CallbackReceiver, startCallbackReceiver } from '../test-callback-receiver.js';
import { darajaSandbox } from './sandbox.js';

const require = createRequire(import.meta.url);

/** What the tests use of `mpesa-node` (it ships no types); its calls answer axios responses. */
interface AxiosReply<T> {
  readonly status: number;
  readonly data: T;
}
interface MpesaNode {
  baseURL: string;
  oAuth(): Promise<AxiosReply<{ access_token: string; expires_in: string }>>;
  lipaNaMpesaOnline(
    msisdn: number,
    amount: number,
    callbackUrl: string,
    accountRef: string,
  ): Promise<AxiosReply<Record<string, string>>>;
  lipaNaMpesaQuery(checkoutRequestId: string): Promise<AxiosReply<Record<string, string>>>;
}
type MpesaNodeConstructor = new (config: Record<string, unknown>) => MpesaNode;

/** What the tests use of `daraja.js` (its types are not shipped in a form NodeNext resolves). */
interface DarajaJsStk {
  shortCode(code: string): DarajaJsStk;
  amount(amount: number): DarajaJsStk;
  phoneNumber(msisdn: number): DarajaJsStk;
  callbackURL(url: string): DarajaJsStk;
  lipaNaMpesaPassKey(passkey: string): DarajaJsStk;
  checkoutRequestID(id: string): DarajaJsStk;
  send(): Promise<{ isOkay(): boolean; getTransactionID(): string }>;
  queryStatus(): Promise<{ getResultCode(): string; getResultDescription(): string }>;
}
interface DarajaJsModule {
  Mpesa: new (
    credentials: Record<string, unknown>,
    environment?: string,
  ) => { stkPush(): DarajaJsStk };
  STKPushResultWrapper: new (
    body: unknown,
  ) => { isOkay(): boolean; getMpesaReceiptNo(): string; getTransactionAmount(): number };
}

const SANDBOX_HOST = 'sandbox.safaricom.co.ke';
const PHONE = 254708374149; // waits for the virtual phone, like Safaricom's sandbox number

let simulator: RunningSimulator;
let receiver: CallbackReceiver;

beforeAll(async () => {
  simulator = await startSimulator({ port: 0 });
  receiver = await startCallbackReceiver();
});

afterAll(async () => {
  await simulator.close();
  await receiver.close();
});

afterEach(async () => {
  await simulator.control.idle();
  simulator.control.reset();
  receiver.received.length = 0;
});

/** The customer pays on the virtual phone; resolves once the callback was delivered. */
async function customerPays(checkoutRequestId: string): Promise<void> {
  await simulator.control.answer(checkoutRequestId, 'paid');
  await simulator.control.idle();
}

describe('mpesa-node (Safaricom’s mpesa-node-library) against the simulator', () => {
  function client(): MpesaNode {
    const Mpesa = require('mpesa-node') as MpesaNodeConstructor;
    const mpesa = new Mpesa({
      consumerKey: darajaSandbox.consumerKey,
      consumerSecret: darajaSandbox.consumerSecret,
      environment: 'sandbox',
      lipaNaMpesaShortCode: Number(darajaSandbox.shortcode),
      lipaNaMpesaShortPass: darajaSandbox.passkey,
    });
    mpesa.baseURL = simulator.daraja.baseUrl;
    return mpesa;
  }

  it('gets an access token with its own OAuth call', async () => {
    const reply = await client().oAuth();

    expect(reply.status).toBe(200);
    expect(reply.data).toEqual({ access_token: expect.any(String), expires_in: '3599' });
  });

  it('pushes with its defaults (a 20-character TransactionDesc, a UTC Timestamp) and the prompt arrives', async () => {
    const reply = await client().lipaNaMpesaOnline(PHONE, 10, receiver.url, 'ORDER1042');

    expect(reply.status).toBe(200);
    expect(reply.data).toMatchObject({
      ResponseCode: '0',
      CheckoutRequestID: expect.stringMatching(/^ws_CO_/),
    });
    expect(simulator.control.prompts()).toEqual([
      expect.objectContaining({
        id: reply.data.CheckoutRequestID,
        phone: String(PHONE),
        reference: 'ORDER1042',
      }),
    ]);
  });

  it('queries: 4999 while the prompt is open, then the result once the customer paid', async () => {
    const mpesa = client();
    const { data: pushed } = await mpesa.lipaNaMpesaOnline(PHONE, 10, receiver.url, 'ORDER1042');
    const id = pushed.CheckoutRequestID as string;

    const open = await mpesa.lipaNaMpesaQuery(id);
    await customerPays(id);
    const paid = await mpesa.lipaNaMpesaQuery(id);

    expect(open.status).toBe(200);
    expect(open.data).toMatchObject({
      ResultCode: '4999',
      ResultDesc: 'The transaction is still under processing',
    });
    expect(paid.data).toMatchObject({ ResultCode: '0', CheckoutRequestID: id });
    expect(receiver.received).toHaveLength(1);
  });
});

describe('daraja.js against the simulator, through the standard https_proxy', () => {
  let proxy: Server;
  const forwarded: string[] = [];
  const savedEnv: Record<string, string | undefined> = {};
  const proxyVariables = ['https_proxy', 'HTTPS_PROXY', 'no_proxy', 'NO_PROXY'] as const;

  beforeAll(async () => {
    proxy = await startForwardingProxy(simulator.daraja.baseUrl, forwarded);
    for (const name of proxyVariables) savedEnv[name] = process.env[name];
    for (const name of proxyVariables) delete process.env[name];
    process.env.https_proxy = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    for (const name of proxyVariables) {
      if (savedEnv[name] === undefined) delete process.env[name];
      else process.env[name] = savedEnv[name];
    }
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
  });

  afterEach(() => {
    forwarded.length = 0;
  });

  function stkPush(): DarajaJsStk {
    const { Mpesa } = require('daraja.js') as DarajaJsModule;
    const app = new Mpesa({
      consumerKey: darajaSandbox.consumerKey,
      consumerSecret: darajaSandbox.consumerSecret,
      // Its README's sandbox value; despite "required only in production" it refuses to start without one.
      initiatorPassword: 'Safaricom999!*!',
      organizationShortCode: Number(darajaSandbox.shortcode),
    });
    return app
      .stkPush()
      .amount(1)
      .phoneNumber(PHONE)
      .callbackURL(receiver.url)
      .lipaNaMpesaPassKey(darajaSandbox.passkey);
  }

  it('authenticates and pushes with its defaults (TransactionDesc "Lipa na Mpesa Online", AccountReference "CompanyXLTD")', async () => {
    const result = await stkPush().send();

    expect(result.isOkay()).toBe(true);
    expect(result.getTransactionID()).toMatch(/^ws_CO_/);
    expect(forwarded).toEqual([
      'GET /oauth/v1/generate?grant_type=client_credentials',
      'POST /mpesa/stkpush/v1/processrequest',
    ]);
    expect(simulator.control.prompts()).toEqual([
      expect.objectContaining({ id: result.getTransactionID(), reference: 'CompanyXLTD' }),
    ]);
  });

  it('queries: 4999 while the prompt is open, then 0; its own callback parser reads the payment', async () => {
    const push = stkPush();
    const id = (await push.send()).getTransactionID();

    const open = await push.queryStatus();
    await customerPays(id);
    const paid = await push.queryStatus();
    const callback = new (require('daraja.js') as DarajaJsModule).STKPushResultWrapper(
      receiver.received[0]?.body,
    );

    expect(open.getResultCode()).toBe('4999');
    expect(open.getResultDescription()).toBe('The transaction is still under processing');
    expect(paid.getResultCode()).toBe('0');
    expect(callback.isOkay()).toBe(true);
    expect(callback.getMpesaReceiptNo()).toMatch(/^[A-Z0-9]{10}$/);
    expect(callback.getTransactionAmount()).toBe(1);
  });
});

/**
 * An HTTP proxy for absolute-form requests to the Daraja sandbox host (what axios sends to a
 * plain-HTTP proxy): each is forwarded to the same path under the simulator's Daraja base URL.
 */
async function startForwardingProxy(darajaBaseUrl: string, log: string[]): Promise<Server> {
  const base = new URL(darajaBaseUrl);
  const server = createServer((req, res) => {
    const target = URL.canParse(req.url ?? '') ? new URL(req.url ?? '') : undefined;
    if (!target || target.hostname !== SANDBOX_HOST) {
      res.writeHead(502).end('this proxy only reaches the Daraja sandbox host');
      return;
    }
    log.push(`${req.method} ${target.pathname}${target.search}`);
    const headers = { ...req.headers, host: base.host };
    const upstream = httpRequest(
      {
        hostname: base.hostname,
        port: base.port,
        method: req.method,
        path: `${base.pathname}${target.pathname}${target.search}`,
        headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
