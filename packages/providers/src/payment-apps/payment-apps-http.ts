/**
 * One authorised HTTP exchange with the gateway: the bearer token, a per-request timeout
 * combined with the caller's signal, JSON in and out, and the answer classified as a 2xx body
 * or a failure (status, error envelope, `Retry-After`). The operations build on this, so the
 * gateway's other endpoints (sendMoney, reversal, balance) can be added beside them.
 */
import type { Clock } from '@lipwa/core';
import {
  abortedBeforeSending,
  type GatewayFailure,
  networkError,
  type PaymentAppsOperation,
  shorten,
  timeoutError,
} from './errors.js';
import type { PaymentAppsConfig } from './payment-apps-options.js';
import { errorEnvelopeSchema } from './schemas.js';

export interface GatewayCall {
  readonly operation: PaymentAppsOperation;
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Below `/api/pay/{payment_app}`, starting with `/`; below the base URL when `root` is set. */
  readonly path: string;
  /** The path is below the base URL itself (`/api/pay/apps`, `/api/account/tokens`). */
  readonly root?: boolean;
  /** Another payment app than the configured one (a B2C app for payouts, say). */
  readonly app?: string | undefined;
  /** Query parameters; undefined values are left out. */
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  readonly json?: unknown;
  readonly signal?: AbortSignal | undefined;
}

export type GatewayReply =
  | {
      readonly ok: true;
      readonly httpStatus: number;
      /** Parsed JSON, or undefined when the body was not JSON. */
      readonly body: unknown;
      readonly raw: string;
    }
  | { readonly ok: false; readonly failure: GatewayFailure };

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `Retry-After` as seconds or an HTTP date, else the body's `retry_after` seconds. */
export function retryAfterMs(
  header: string | null,
  bodyValue: number | string | undefined,
  clock: Clock,
): number | undefined {
  const text = header?.trim();
  if (text && /^\d+$/.test(text)) return Number(text) * 1000;
  if (text && !Number.isNaN(Date.parse(text))) {
    return Math.max(Date.parse(text) - clock.now(), 0);
  }
  const seconds = typeof bodyValue === 'string' ? Number(bodyValue) : bodyValue;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0
    ? Math.round(seconds * 1000)
    : undefined;
}

/** A fetch that honoured `AbortSignal.timeout` rejects with a `TimeoutError` DOMException. */
function isTimeoutError(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && 'name' in error && error.name === 'TimeoutError'
  );
}

/** Sends one request; throws `ProviderError` only when no complete answer arrived. */
export async function callGateway(
  config: PaymentAppsConfig,
  call: GatewayCall,
): Promise<GatewayReply> {
  if (call.signal?.aborted) throw abortedBeforeSending(call.operation, call.signal.reason);
  const timeout = AbortSignal.timeout(config.timeoutMs);
  const signal = call.signal ? AbortSignal.any([timeout, call.signal]) : timeout;
  const headers: Record<string, string> = {
    Accept: 'application/json',
    Authorization: `Bearer ${config.apiToken}`,
  };
  const init: RequestInit = { method: call.method, headers, signal };
  if (call.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(call.json);
  }
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(call.query ?? {})) {
    if (value !== undefined) search.set(name, String(value));
  }
  const below = call.root ? '' : `/api/pay/${call.app ?? config.paymentApp}`;
  const url = `${config.baseUrl}${below}${call.path}${search.size > 0 ? `?${search}` : ''}`;
  let response: Response;
  let raw: string;
  try {
    response = await config.fetch(url, init);
    raw = await response.text();
  } catch (error) {
    if (call.signal?.aborted) {
      throw timeoutError(call.operation, config.timeoutMs, true, call.signal.reason);
    }
    if (timeout.aborted || isTimeoutError(error)) {
      throw timeoutError(call.operation, config.timeoutMs, false, error);
    }
    throw networkError(call.operation, error);
  }
  const body = parseJson(raw);
  const envelope = errorEnvelopeSchema.safeParse(body);
  const saysFailure = envelope.success && envelope.data.success === false;
  if (response.status >= 200 && response.status < 300 && !saysFailure) {
    return { ok: true, httpStatus: response.status, body, raw };
  }
  const parsed = envelope.success ? envelope.data : {};
  return {
    ok: false,
    failure: {
      // An error envelope under a 2xx is still a refusal; keep its status visible.
      httpStatus: response.status,
      envelope: parsed,
      raw: shorten(raw),
      retryAfterMs: retryAfterMs(
        response.headers.get('retry-after'),
        parsed.retry_after,
        config.clock,
      ),
    },
  };
}
