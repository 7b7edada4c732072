/**
 * The HTTP protocol between the widget and the server kit: routes (relative to where the router
 * is mounted), headers, stream events, and RFC 9457 problem details with a stable `code`.
 */
import type { ErrorCode } from './errors.js';

/** Where the widget talks to the kit. */
export const routes = {
  createSession: '/sessions',
  session: '/session',
  payments: '/payments',
  payment: (id: string) => `/payments/${encodeURIComponent(id)}`,
  paymentEvents: (id: string) => `/payments/${encodeURIComponent(id)}/events`,
} as const;

/** Where providers reach the kit (kept apart from `routes`, so the widget's bundle has none). */
export const callbackRoutes = {
  /** Providers that take a callback URL per request: it carries an unguessable per-payment token. */
  perPayment: (provider: string, token: string) =>
    `/callbacks/${encodeURIComponent(provider)}/${encodeURIComponent(token)}`,
  /** The one URL a `fixed`-route provider (Cashfin, payment apps) is given in its dashboard. */
  fixed: (provider: string) => `/callbacks/${encodeURIComponent(provider)}`,
} as const;

/** Session tokens travel as `Authorization: Bearer <token>` (also on the event stream, read with fetch). */
export const SESSION_HEADER = 'authorization';
export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** Server-Sent Events on `GET /payments/:id/events`: `event: payment` with a PaymentView as data. */
export const StreamEvent = { Payment: 'payment', Ping: 'ping' } as const;
export type StreamEvent = (typeof StreamEvent)[keyof typeof StreamEvent];

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  instance?: string;
  /** Field-level problems for validation errors. */
  errors?: { path: string; message: string }[];
  /** Seconds until trying again makes sense (also sent as `Retry-After`). */
  retryAfter?: number;
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const PROBLEM_TYPE_BASE = 'https://lipwa.dev/problems/';

/** The HTTP status and title for every error code: the one place codes meet HTTP. */
export const problemStatus: Record<ErrorCode, { status: number; title: string }> = {
  invalid_request: { status: 400, title: 'Invalid request' },
  invalid_phone: { status: 422, title: 'Invalid phone number' },
  invalid_amount: { status: 422, title: 'Invalid amount' },
  invalid_field: { status: 422, title: 'Invalid field' },
  invalid_session: { status: 401, title: 'Invalid session' },
  session_expired: { status: 401, title: 'Session expired' },
  origin_not_allowed: { status: 403, title: 'Origin not allowed' },
  not_found: { status: 404, title: 'Not found' },
  payment_not_found: { status: 404, title: 'Payment not found' },
  session_paid: { status: 409, title: 'Session already paid' },
  idempotency_mismatch: { status: 422, title: 'Idempotency key reused with another body' },
  reference_in_use: { status: 409, title: 'Reference has another attempt in progress' },
  attempt_cooldown: { status: 429, title: 'Try again shortly' },
  rate_limited: { status: 429, title: 'Too many requests' },
  provider_unavailable: { status: 502, title: 'Payment provider unavailable' },
  provider_rejected: { status: 502, title: 'Payment provider refused the request' },
  provider_auth_failed: { status: 502, title: 'Payment provider rejected our credentials' },
  invalid_callback: { status: 400, title: 'Malformed callback' },
  callback_unauthorized: { status: 401, title: 'Callback not authorised' },
  invalid_signature: { status: 401, title: 'Invalid signature' },
  illegal_transition: { status: 409, title: 'Illegal status change' },
  config_invalid: { status: 500, title: 'Server misconfigured' },
  internal_error: { status: 500, title: 'Internal error' },
};

export function problemType(code: ErrorCode): string {
  return `${PROBLEM_TYPE_BASE}${code}`;
}
