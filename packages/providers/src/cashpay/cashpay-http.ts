/**
 * One HTTP exchange with CashPay: a per-request timeout combined with the caller's signal, JSON or
 * form bodies in, JSON out, and failures classified as network error, timeout, or CashPay's error
 * envelope (with the wait a 429 asks for, from `Retry-After` or `retry_after`).
 */
import { z } from 'zod';
import type { CashpayConfig } from './cashpay-options.js';
import {
  abortedBeforeSending,
  type CashpayFailure,
  type CashpayOperation,
  networkError,
  timeoutError,
} from './errors.js';

export interface CashpayExchange {
  readonly operation: CashpayOperation;
  readonly method: 'GET' | 'POST';
  /** Path below the base URL, starting with `/`. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly json?: unknown;
  readonly form?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal | undefined;
}

export type CashpayReply =
  | {
      readonly ok: true;
      readonly httpStatus: number;
      /** Parsed JSON, or `undefined` when the body is not JSON. */
      readonly body: unknown;
      /** The first characters of the body, for diagnosing an answer that is not JSON. */
      readonly excerpt: string;
    }
  | { readonly ok: false; readonly failure: CashpayFailure };

const seconds = z.number().finite().nonnegative();

// The assumed envelope, RFC 6749's for the token endpoint, and a bare `{ code, message }`.
const nestedEnvelope = z.object({
  error: z.object({
    code: z.string().optional(),
    type: z.string().optional(),
    message: z.string().optional(),
    param: z.string().optional(),
    retry_after: seconds.optional(),
  }),
  retry_after: seconds.optional(),
});
const oauthEnvelope = z.object({ error: z.string(), error_description: z.string().optional() });
const flatEnvelope = z.object({
  code: z.string(),
  message: z.string().optional(),
  retry_after: seconds.optional(),
});

interface EnvelopeFields {
  readonly code?: string | undefined;
  readonly message?: string | undefined;
  readonly param?: string | undefined;
  readonly retryAfterSeconds?: number | undefined;
}

function readEnvelope(body: unknown): EnvelopeFields {
  const nested = nestedEnvelope.safeParse(body);
  if (nested.success) {
    const { error } = nested.data;
    return {
      code: error.code ?? error.type,
      message: error.message,
      param: error.param,
      retryAfterSeconds: error.retry_after ?? nested.data.retry_after,
    };
  }
  const oauth = oauthEnvelope.safeParse(body);
  if (oauth.success) return { code: oauth.data.error, message: oauth.data.error_description };
  const flat = flatEnvelope.safeParse(body);
  if (flat.success) {
    return {
      code: flat.data.code,
      message: flat.data.message,
      retryAfterSeconds: flat.data.retry_after,
    };
  }
  return {};
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `Retry-After` as delay-seconds or an HTTP date, in milliseconds from `nowMs`. */
export function parseRetryAfter(header: string | null, nowMs: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

function failureFrom(
  httpStatus: number,
  body: unknown,
  retryAfterHeaderMs: number | undefined,
): CashpayFailure {
  const { retryAfterSeconds, ...fields } = readEnvelope(body);
  return {
    httpStatus,
    ...fields,
    // The header is HTTP's own word on it; the body's retry_after is the fallback.
    retryAfterMs:
      retryAfterHeaderMs ??
      (retryAfterSeconds === undefined ? undefined : Math.round(retryAfterSeconds * 1000)),
  };
}

/** A fetch that honoured `AbortSignal.timeout` rejects with a `TimeoutError` DOMException. */
function isTimeoutError(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && 'name' in error && error.name === 'TimeoutError'
  );
}

/** Sends one request; throws `ProviderError` only when no complete answer arrived. */
export async function exchange(
  config: CashpayConfig,
  request: CashpayExchange,
): Promise<CashpayReply> {
  if (request.signal?.aborted) throw abortedBeforeSending(request.operation, request.signal.reason);
  const timeout = AbortSignal.timeout(config.timeoutMs);
  const signal = request.signal ? AbortSignal.any([timeout, request.signal]) : timeout;
  const headers: Record<string, string> = { Accept: 'application/json', ...request.headers };
  const init: RequestInit = { method: request.method, headers, signal };
  if (request.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(request.json);
  } else if (request.form !== undefined) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    init.body = new URLSearchParams(request.form).toString();
  }
  let response: Response;
  let text: string;
  try {
    response = await config.fetch(`${config.baseUrl}${request.path}`, init);
    text = await response.text();
  } catch (error) {
    if (request.signal?.aborted) {
      throw timeoutError(request.operation, config.timeoutMs, true, request.signal.reason);
    }
    if (timeout.aborted || isTimeoutError(error)) {
      throw timeoutError(request.operation, config.timeoutMs, false, error);
    }
    throw networkError(request.operation, error);
  }
  const body = parseJson(text);
  if (response.status >= 200 && response.status < 300) {
    return { ok: true, httpStatus: response.status, body, excerpt: text.slice(0, 200) };
  }
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'), config.clock.now());
  return { ok: false, failure: failureFrom(response.status, body, retryAfter) };
}
