/**
 * The widget's side of the Lipwa HTTP protocol (routes from core). Every call sends the session
 * token as `Authorization: Bearer`; every failure becomes a `CheckoutError` with the server's
 * stable code. Responses are checked just enough to render safely, without bundling zod.
 */
import type {
  ErrorCode,
  FailureReason,
  PaymentMethod,
  PaymentView,
  ProblemDetails,
  SessionView,
  StartPaymentBody,
} from '@lipwa/core';
import { routes } from '@lipwa/core';
import { CheckoutError } from './checkout-error.js';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface CheckoutApiOptions {
  /** Where the server kit's router is mounted, e.g. `/lipwa` or `https://shop.example/lipwa`. */
  apiBase: string;
  token: string;
  fetch: FetchLike;
}

export interface CheckoutApi {
  getSession(signal?: AbortSignal): Promise<SessionView>;
  /** `POST /payments`: `{ phone, method }` for an STK method, `{ method, returnUrl }` for a redirect one. */
  startPayment(body: StartPaymentBody, signal?: AbortSignal): Promise<PaymentView>;
  getPayment(id: string, signal?: AbortSignal): Promise<PaymentView>;
  /** Opens the payment's event stream; resolves with the response body once headers arrive. */
  openPaymentEvents(id: string, signal?: AbortSignal): Promise<ReadableStream<Uint8Array>>;
}

/**
 * The code an answer without problem details stands for (a proxy's error page). Codes and
 * reasons are not checked against core's lists, which would bundle them: one the widget has no
 * words for (a newer server's) reads as "did not go through".
 */
const codeForStatus: Readonly<Record<number, ErrorCode>> = {
  401: 'invalid_session',
  404: 'not_found',
  409: 'session_paid',
  422: 'invalid_request',
  429: 'rate_limited',
  502: 'provider_unavailable',
  503: 'provider_unavailable',
  504: 'provider_unavailable',
};

type Loose = Record<string, unknown> | undefined;

/** The value as a record to read fields from; undefined for anything else. */
function record(value: unknown): Loose {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)
    : undefined;
}

export function isPaymentView(value: unknown): value is PaymentView {
  const payment = record(value);
  const amount = record(payment?.amount);
  return (
    typeof payment?.id === 'string' &&
    typeof payment.status === 'string' &&
    typeof amount?.amount === 'number' &&
    typeof amount.currency === 'string'
  );
}

/** A method the picker can show; an entry of another shape (a newer server's flow) is left out. */
function isPaymentMethod(value: unknown): value is PaymentMethod {
  const method = record(value);
  return (
    typeof method?.id === 'string' &&
    typeof method.name === 'string' &&
    (method.flow === 'stk' || method.flow === 'redirect')
  );
}

function isSessionView(value: unknown): value is SessionView {
  const session = record(record(value)?.session);
  const payment = record(value)?.payment;
  return (
    typeof session?.id === 'string' &&
    typeof record(session.amount)?.amount === 'number' &&
    typeof session.merchantName === 'string' &&
    (payment == null || isPaymentView(payment))
  );
}

async function problemFrom(response: Response): Promise<CheckoutError> {
  // Not JSON (a proxy's HTML error page): the status alone says what happened.
  const problem: Partial<ProblemDetails> = record(await response.json().catch(() => 0)) ?? {};
  const status = response.status;
  const code = typeof problem.code === 'string' ? problem.code : codeForStatus[status];
  const header = Number(response.headers.get('retry-after'));
  return new CheckoutError(
    code ?? 'internal_error',
    problem.detail || `The Lipwa server answered HTTP ${status} (${code}).`,
    {
      status,
      retryAfter:
        typeof problem.retryAfter === 'number'
          ? problem.retryAfter
          : header > 0
            ? header
            : undefined,
      reason: typeof problem.reason === 'string' ? (problem.reason as FailureReason) : undefined,
      fieldErrors: Array.isArray(problem.errors) ? problem.errors : undefined,
    },
  );
}

function malformed(what: string, status = 200): CheckoutError {
  return new CheckoutError(
    'internal_error',
    `Unreadable ${what} from the Lipwa server: check that api-base is its router and that server and widget versions match.`,
    { status },
  );
}

/** `fetch`, with "could not reach" as an offline `CheckoutError` and any non-2xx as a problem. */
async function send(fetch: FetchLike, url: string, init: RequestInit, where: string) {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (cause) {
    if (init.signal?.aborted) throw cause;
    throw new CheckoutError(
      'internal_error',
      `Could not reach ${url}: check the connection and the ${where} attribute.`,
      { status: 0, cause },
    );
  }
  if (!response.ok) throw await problemFrom(response);
  return response;
}

export function createCheckoutApi(options: CheckoutApiOptions): CheckoutApi {
  const base = options.apiBase.replace(/\/+$/, '');
  const authorization = `Bearer ${options.token}`;

  function request(path: string, accept: string, signal?: AbortSignal, body?: unknown) {
    return send(
      options.fetch,
      `${base}${path}`,
      {
        method: body ? 'POST' : 'GET',
        headers: body
          ? { accept, authorization, 'content-type': 'application/json' }
          : { accept, authorization },
        body: body ? JSON.stringify(body) : null,
        signal: signal ?? null,
      },
      'api-base',
    );
  }

  async function json(path: string, signal?: AbortSignal, body?: unknown): Promise<unknown> {
    const response = await request(path, 'application/json', signal, body);
    return response.json().catch(() => {
      throw malformed('response', response.status);
    });
  }

  async function payment(path: string, signal?: AbortSignal, body?: unknown) {
    const view = record(await json(path, signal, body))?.payment;
    if (!isPaymentView(view)) throw malformed('payment');
    return view;
  }

  return {
    async getSession(signal) {
      const view = await json(routes.session, signal);
      if (!isSessionView(view)) throw malformed('session');
      // An older server lists no methods: the widget then offers the phone field alone, as before.
      const methods = Array.isArray(view.methods) ? view.methods.filter(isPaymentMethod) : [];
      return { session: view.session, methods, payment: view.payment ?? null };
    },
    startPayment: (body, signal) => payment(routes.payments, signal, body),
    getPayment: (id, signal) => payment(routes.payment(id), signal),
    async openPaymentEvents(id, signal) {
      const response = await request(routes.paymentEvents(id), 'text/event-stream', signal);
      if (!response.body) throw malformed('event stream', response.status);
      return response.body;
    },
  };
}

/**
 * Asks the merchant's own endpoint (`session-url`) for a session token. It runs on the
 * merchant's origin with the customer's cookies, so it can look up the cart server-side.
 */
export async function fetchSessionToken(url: string, fetch: FetchLike): Promise<string> {
  const response = await send(
    fetch,
    url,
    { method: 'POST', credentials: 'same-origin', headers: { accept: 'application/json' } },
    'session-url',
  );
  const token = record(await response.json().catch(() => 0))?.token;
  if (typeof token !== 'string' || token === '') {
    throw new CheckoutError(
      'invalid_session',
      `session-url ${url} must answer JSON { "token": "<session token>" }.`,
      { status: response.status },
    );
  }
  return token;
}
