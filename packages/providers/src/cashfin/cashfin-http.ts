/**
 * One HTTP exchange with Cashfin's Business API: the bare client secret in `Authorization`, a
 * per-request timeout combined with the caller's signal, JSON in and out. Throws `ProviderError`
 * only when no complete answer arrived; every answer (any status) is returned to the caller.
 */
import type { CashfinConfig } from './cashfin-options.js';
import { abortedBeforeSending, type CashfinAnswer, networkError, timeoutError } from './errors.js';

export interface CashfinExchange {
  readonly method: 'GET' | 'POST' | 'PATCH';
  /** Path below the base URL, starting with `/`. */
  readonly path: string;
  /** Query parameters; undefined values are left out. */
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  readonly json?: unknown;
  readonly signal?: AbortSignal | undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A fetch that honoured `AbortSignal.timeout` rejects with a `TimeoutError` DOMException. */
function isTimeoutError(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && 'name' in error && error.name === 'TimeoutError'
  );
}

export async function exchange(
  config: CashfinConfig,
  request: CashfinExchange,
): Promise<CashfinAnswer> {
  if (request.signal?.aborted) throw abortedBeforeSending(request.signal.reason);
  const timeout = AbortSignal.timeout(config.timeoutMs);
  const signal = request.signal ? AbortSignal.any([timeout, request.signal]) : timeout;
  // Cashfin takes the client secret as is: no "Bearer" prefix.
  const headers: Record<string, string> = {
    Accept: 'application/json',
    Authorization: config.clientSecret,
  };
  const init: RequestInit = { method: request.method, headers, signal };
  if (request.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(request.json);
  }
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(request.query ?? {})) {
    if (value !== undefined) search.set(name, String(value));
  }
  const query = search.size > 0 ? `?${search}` : '';
  try {
    const response = await config.fetch(`${config.baseUrl}${request.path}${query}`, init);
    const text = await response.text();
    return { httpStatus: response.status, headers: response.headers, text, json: parseJson(text) };
  } catch (error) {
    if (request.signal?.aborted) throw timeoutError(config.timeoutMs, true, request.signal.reason);
    if (timeout.aborted || isTimeoutError(error)) {
      throw timeoutError(config.timeoutMs, false, error);
    }
    throw networkError(error, request.method !== 'GET');
  }
}
