/**
 * A scripted stand-in for the Lipwa server kit, speaking the protocol from core over an
 * injected `fetch`, plus a manual clock. Test-only (excluded from the build).
 */
import type { CheckoutSession, PaymentMethod, PaymentView, ProblemDetails } from '@lipwa/core';
import type { FetchLike } from './api-client.js';
import type { Scheduler } from './scheduler.js';

export const T0 = Date.parse('2026-11-23T09:00:00.000Z');
export const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.test-session.signature';

export function sessionFixture(
  overrides: Partial<Omit<CheckoutSession, 'allowedOrigin'>> = {},
): Omit<CheckoutSession, 'allowedOrigin'> {
  return {
    id: 'ses_01HZX3',
    amount: { amount: 150000, currency: 'KES' },
    reference: 'ORD-1042',
    description: 'Kikoi beach wrap',
    merchantName: 'Pwani Crafts',
    methods: ['daraja'],
    issuedAt: new Date(T0).toISOString(),
    expiresAt: new Date(T0 + 15 * 60_000).toISOString(),
    ...overrides,
  };
}

/** A payment as the server shows it; ids follow Daraja's CheckoutRequestID shape. */
export function paymentFixture(overrides: Partial<PaymentView> = {}): PaymentView {
  return {
    id: 'pay_ws_CO_23052022122137653708374149',
    sessionId: 'ses_01HZX3',
    provider: 'daraja',
    status: 'pending',
    amount: { amount: 150000, currency: 'KES' },
    reference: 'ORD-1042',
    phone: '2547•••••149',
    next: { type: 'stk' },
    createdAt: new Date(T0).toISOString(),
    updatedAt: new Date(T0).toISOString(),
    promptExpiresAt: new Date(T0 + 60_000).toISOString(),
    ...overrides,
  };
}

/** The ways to pay the test server can offer: an STK method and a redirect (hosted page) one. */
export const mpesaMethod: PaymentMethod = { id: 'daraja', name: 'M-Pesa', flow: 'stk' };
export const cashpayMethod: PaymentMethod = { id: 'cashpay', name: 'CashPay', flow: 'redirect' };

export const HOSTED_PAGE_URL = 'https://pay.cashpay.example/checkout/ch_81';

/** A CashPay attempt: no phone prompt, a hosted page to finish on. */
export function redirectPaymentFixture(overrides: Partial<PaymentView> = {}): PaymentView {
  const { promptExpiresAt: _none, ...payment } = paymentFixture({
    id: 'pay_cashpay_ch_81',
    provider: 'cashpay',
    phone: '',
    next: { type: 'redirect', url: HOSTED_PAGE_URL },
  });
  return { ...payment, ...overrides };
}

export function problem(code: ProblemDetails['code'], status: number, extra = {}): Response {
  const body: ProblemDetails = {
    type: `https://lipwa.dev/problems/${code}`,
    title: code,
    status,
    detail: `Problem ${code}`,
    code,
    ...extra,
  };
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/problem+json' },
  });
}

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | null;
  readonly body: unknown;
}

/** One open `text/event-stream` response the test writes to. */
export interface TestStream {
  write(text: string): void;
  sendPayment(payment: PaymentView): void;
  close(): void;
  fail(): void;
}

type Handler = (request: RecordedRequest) => Response | Promise<Response>;

export interface TestServer {
  readonly fetch: FetchLike;
  readonly requests: RecordedRequest[];
  readonly streams: TestStream[];
  /** What `GET /payments/:id` answers; the stream and polls read it. */
  payment: PaymentView;
  session: Omit<CheckoutSession, 'allowedOrigin'>;
  /** The methods `GET /session` offers (one STK method unless a test offers more). */
  methods: PaymentMethod[];
  /** What `POST /payments` answers for a redirect method; it then becomes `payment`. */
  redirectPayment: PaymentView;
  /** The latest attempt `GET /session` reports (a reload mid-payment). */
  sessionPayment: PaymentView | null;
  /** Overrides per route key: `GET /session`, `POST /payments`, `GET /payments/:id`, `GET /events`. */
  readonly handlers: Map<string, Handler>;
  requestsTo(method: string, path: string): RecordedRequest[];
}

export function createTestServer(apiBase = '/lipwa'): TestServer {
  const encoder = new TextEncoder();
  const server: TestServer = {
    requests: [],
    streams: [],
    payment: paymentFixture(),
    session: sessionFixture(),
    methods: [mpesaMethod],
    redirectPayment: redirectPaymentFixture(),
    sessionPayment: null,
    handlers: new Map(),
    requestsTo(method, path) {
      return server.requests.filter((r) => r.method === method && r.path === path);
    },
    fetch: async (input, init = {}) => {
      const url = new URL(input, 'https://shop.example');
      const path = url.pathname.startsWith(apiBase)
        ? url.pathname.slice(apiBase.length)
        : url.pathname;
      const headers = new Headers(init.headers);
      const request: RecordedRequest = {
        method: init.method ?? 'GET',
        path,
        authorization: headers.get('authorization'),
        body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      };
      server.requests.push(request);
      if (request.authorization !== `Bearer ${TOKEN}`) return problem('invalid_session', 401);
      const key = path.endsWith('/events')
        ? 'GET /events'
        : path.startsWith('/payments/')
          ? 'GET /payments/:id'
          : `${request.method} ${path}`;
      const handler = server.handlers.get(key);
      if (handler) return handler(request);
      switch (key) {
        case 'GET /session':
          return json({
            session: server.session,
            methods: server.methods,
            payment: server.sessionPayment,
          });
        case 'POST /payments': {
          const { method } = (request.body ?? {}) as { method?: string };
          const chosen = server.methods.find((m) => m.id === method);
          if (chosen?.flow === 'redirect') server.payment = server.redirectPayment;
          return json({ payment: server.payment }, 201);
        }
        case 'GET /payments/:id':
          return json({ payment: server.payment });
        case 'GET /events':
          return openStream(init.signal ?? undefined);
        default:
          return problem('not_found', 404);
      }
    },
  };

  function openStream(signal: AbortSignal | undefined): Response {
    let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        controller = c;
      },
    });
    let open = true;
    const stream: TestStream = {
      write(text) {
        if (open) controller?.enqueue(encoder.encode(text));
      },
      sendPayment(payment) {
        stream.write(`event: payment\ndata: ${JSON.stringify(payment)}\n\n`);
      },
      close() {
        if (open) controller?.close();
        open = false;
      },
      fail() {
        if (open) controller?.error(new TypeError('network error'));
        open = false;
      },
    };
    signal?.addEventListener('abort', () => {
      open = false;
    });
    server.streams.push(stream);
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  }

  return server;
}

/** A clock and scheduler the test moves by hand: `advance(ms)` runs every task that falls due. */
export interface ManualClock extends Scheduler {
  now(): number;
  advance(ms: number): Promise<void>;
  readonly pending: number;
}

export function createManualClock(start = T0): ManualClock {
  let now = start;
  let tasks: { at: number; task: () => void; seq: number }[] = [];
  let seq = 0;
  return {
    now: () => now,
    get pending() {
      return tasks.length;
    },
    after(ms, task) {
      const entry = { at: now + ms, task, seq: seq++ };
      tasks.push(entry);
      return () => {
        tasks = tasks.filter((t) => t !== entry);
      };
    },
    async advance(ms) {
      const target = now + ms;
      for (;;) {
        const due = tasks
          .filter((t) => t.at <= target)
          .sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
        if (!due) break;
        tasks = tasks.filter((t) => t !== due);
        now = due.at;
        const before = seq;
        due.task();
        // A task often starts a fetch whose answer schedules the next task: let it land.
        for (let i = 0; i < 50 && seq === before; i++) await flush();
      }
      now = target;
    },
  };
}

/** Yields one turn of the event loop so fetch bodies, stream reads and renders can run. */
export function flush(): Promise<void> {
  return new Promise<void>((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(undefined);
  });
}
