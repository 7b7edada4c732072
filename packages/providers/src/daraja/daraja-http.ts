/**
 * One HTTP exchange with Daraja: a per-request timeout combined with the caller's signal, JSON
 * in and out, and failures classified as network error, timeout, or Daraja's error envelope.
 */
import type { DarajaConfig } from './daraja-options.js';
import {
  abortedBeforeSending,
  type DarajaFailure,
  type DarajaOperation,
  networkError,
  timeoutError,
} from './errors.js';

export interface DarajaExchange {
  readonly operation: DarajaOperation;
  readonly method: 'GET' | 'POST';
  /** Path below the base URL, starting with `/`. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly json?: unknown;
  readonly signal?: AbortSignal | undefined;
}

export type DarajaReply =
  | {
      readonly ok: true;
      readonly httpStatus: number;
      readonly body: Record<string, unknown>;
      /** The answer as sent, kept for support when its body lacks what the caller needs. */
      readonly text: string;
    }
  | { readonly ok: false; readonly failure: DarajaFailure };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Sends one request; throws `ProviderError` only when no complete answer arrived. */
export async function exchange(
  config: DarajaConfig,
  request: DarajaExchange,
): Promise<DarajaReply> {
  if (request.signal?.aborted) throw abortedBeforeSending(request.operation, request.signal.reason);
  const timeout = AbortSignal.timeout(config.timeoutMs);
  const signal = request.signal ? AbortSignal.any([timeout, request.signal]) : timeout;
  const headers: Record<string, string> = { Accept: 'application/json', ...request.headers };
  const init: RequestInit = { method: request.method, headers, signal };
  if (request.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(request.json);
  }
  let httpStatus: number;
  let text: string;
  try {
    const response = await config.fetch(`${config.baseUrl}${request.path}`, init);
    httpStatus = response.status;
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
  // A 2xx with an unreadable body is still a 2xx: the caller decides what a missing field means.
  if (httpStatus >= 200 && httpStatus < 300) {
    return { ok: true, httpStatus, body: isRecord(body) ? body : {}, text };
  }
  const envelope = isRecord(body) ? body : {};
  return {
    ok: false,
    failure: {
      httpStatus,
      errorCode: optionalString(envelope.errorCode),
      errorMessage: optionalString(envelope.errorMessage),
      requestId: optionalString(envelope.requestId),
    },
  };
}

/** A fetch that honoured `AbortSignal.timeout` rejects with a `TimeoutError` DOMException. */
function isTimeoutError(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && 'name' in error && error.name === 'TimeoutError'
  );
}
