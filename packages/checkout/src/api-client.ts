/**
 * The widget's side of the Lipwa HTTP protocol (routes from core). Every call sends the session
 * token as `Authorization: Bearer`; every failure becomes a `CheckoutError` with the server's
 * stable code. Responses are checked just enough to render safely, without bundling zod.
 */
import {
  ErrorCode,
  type FailureReason,
  failureReasons,
  type PaymentMethod,
  type PaymentView,
  type ProblemDetails,
  routes,
  type SessionView,
  type StartPaymentBody,
} from '@lipwa/core';
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

const knownCodes: ReadonlySet<string> = new Set(Object.values(ErrorCode));
const knownReasons: ReadonlySet<string> = new Set(failureReasons);

function codeForStatus(status: number): ErrorCode {
  if (status === 401) return 'invalid_session';
  if (status === 404) return 'not_found';
  if (status === 409) return 'session_paid';
  if (status === 422) return 'invalid_request';
  if (status === 429) return 'rate_limited';
  if (status === 502 || status === 503 || status === 504) return 'provider_unavailable';
  return 'internal_error';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function isPaymentView(value: unknown): value is PaymentView {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.status === 'string' &&
    isRecord(value.amount) &&
    typeof value.amount.amount === 'number' &&
    typeof value.amount.currency === 'string'
  );
}

/** A method the picker can show; an entry of another shape (a newer server's flow) is left out. */
function isPaymentMethod(value: unknown): value is PaymentMethod {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.name === 'string' &&
    (value.flow === 'stk' || value.flow === 'redirect')
  );
}

function isSessionView(value: unknown): value is SessionView {
  if (!isRecord(value) || !isRecord(value.session)) return false;
  const { session, payment } = value;
  return (
    typeof session.id === 'string' &&
    isRecord(session.amount) &&
    typeof session.amount.amount === 'number' &&
    typeof session.merchantName === 'string' &&
    (payment === null || payment === undefined || isPaymentView(payment))
  );
}

async function problemFrom(response: Response): Promise<CheckoutError> {
  let problem: Partial<ProblemDetails> = {};
  try {
    const body: unknown = await response.json();
    if (isRecord(body)) problem = body as Partial<ProblemDetails>;
  } catch {
    // Not JSON (a proxy's HTML error page): fall back to the status alone.
  }
  const code =
    typeof problem.code === 'string' && knownCodes.has(problem.code)
      ? problem.code
      : codeForStatus(response.status);
  const header = Number(response.headers.get('retry-after'));
  const retryAfter =
    typeof problem.retryAfter === 'number'
      ? problem.retryAfter
      : Number.isFinite(header) && header > 0
        ? header
        : undefined;
  const message =
    typeof problem.detail === 'string' && problem.detail !== ''
      ? problem.detail
      : `The Lipwa server answered HTTP ${response.status} (${code}).`;
  const reason =
    typeof problem.reason === 'string' && knownReasons.has(problem.reason)
      ? (problem.reason as FailureReason)
      : undefined;
  return new CheckoutError(code, message, {
    status: response.status,
    retryAfter,
    reason,
    fieldErrors: Array.isArray(problem.errors) ? problem.errors : undefined,
  });
}

function malformed(what: string, status: number): CheckoutError {
  return new CheckoutError(
    'internal_error',
    `The Lipwa server sent a ${what} the widget does not understand: check that api-base points at the Lipwa router and that server and widget versions match.`,
    { status },
  );
}

type RequestOptions = Omit<RequestInit, 'headers'> & { headers?: Record<string, string> };

export function createCheckoutApi(options: CheckoutApiOptions): CheckoutApi {
  const base = options.apiBase.replace(/\/+$/, '');
  const authorization = `Bearer ${options.token}`;

  async function request(path: string, init: RequestOptions): Promise<Response> {
    const url = `${base}${path}`;
    let response: Response;
    try {
      response = await options.fetch(url, {
        ...init,
        headers: { ...init.headers, authorization },
      });
    } catch (cause) {
      if (init.signal?.aborted) throw cause;
      throw new CheckoutError(
        'internal_error',
        `Could not reach the Lipwa server at ${url}: check the connection and the api-base attribute.`,
        { status: 0, cause },
      );
    }
    if (!response.ok) throw await problemFrom(response);
    return response;
  }

  async function json(path: string, init: RequestOptions): Promise<unknown> {
    const response = await request(path, {
      ...init,
      headers: { accept: 'application/json', ...init.headers },
    });
    try {
      return await response.json();
    } catch {
      throw malformed('response', response.status);
    }
  }

  async function paymentFrom(path: string, init: RequestOptions): Promise<PaymentView> {
    const body = await json(path, init);
    if (!isRecord(body) || !isPaymentView(body.payment)) throw malformed('payment', 200);
    return body.payment;
  }

  return {
    async getSession(signal) {
      const body = await json(routes.session, { method: 'GET', signal: signal ?? null });
      if (!isSessionView(body)) throw malformed('session', 200);
      // An older server lists no methods: the widget then offers the phone field alone, as before.
      const methods = Array.isArray(body.methods) ? body.methods.filter(isPaymentMethod) : [];
      return { session: body.session, methods, payment: body.payment ?? null };
    },
    startPayment(body, signal) {
      return paymentFrom(routes.payments, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
        signal: signal ?? null,
      });
    },
    getPayment(id, signal) {
      return paymentFrom(routes.payment(id), { method: 'GET', signal: signal ?? null });
    },
    async openPaymentEvents(id, signal) {
      const response = await request(routes.paymentEvents(id), {
        method: 'GET',
        headers: { accept: 'text/event-stream' },
        signal: signal ?? null,
      });
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
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json' },
    });
  } catch (cause) {
    throw new CheckoutError(
      'internal_error',
      `Could not reach session-url ${url}: check the connection and the attribute.`,
      { status: 0, cause },
    );
  }
  if (!response.ok) throw await problemFrom(response);
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  if (!isRecord(body) || typeof body.token !== 'string' || body.token === '') {
    throw new CheckoutError(
      'invalid_session',
      `session-url ${url} must answer JSON { "token": "<session token>" }; it answered something else.`,
      { status: response.status },
    );
  }
  return body.token;
}
