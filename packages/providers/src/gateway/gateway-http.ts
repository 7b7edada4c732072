/**
 * One signed exchange with the gateway: the parameters in the order given plus their
 * `signature` last, POSTed as JSON to `/{public_id}/{operation}` with no auth header (the
 * signature is the authentication), under a per-request timeout combined with the caller's
 * signal. The answer is an operation answer or a failure; only a missing answer throws.
 */
import type { ProviderError } from '@lipwa/core';
import {
  errorAnswerSchema,
  type OperationAnswer,
  operationAnswerSchema,
} from './gateway-answer.js';
import {
  abortedBeforeSending,
  type GatewayFailure,
  type GatewayOperation,
  networkError,
  shorten,
  timeoutError,
  unexpectedAnswer,
} from './gateway-errors.js';
import type { GatewayConfig } from './gateway-options.js';
import type { GatewayParams, GatewaySigner } from './gateway-signature.js';

export type GatewayReply =
  | { readonly ok: true; readonly answer: OperationAnswer }
  | { readonly ok: false; readonly failure: GatewayFailure }
  /** A 2xx that is neither an operation answer nor an error envelope. */
  | { readonly ok: false; readonly malformed: ProviderError };

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `Retry-After` in seconds or as an HTTP date, else a `retry_after` (seconds) body field. */
export function retryAfterMs(
  header: string | null,
  body: unknown,
  nowMs: number,
): number | undefined {
  const value = header?.trim();
  if (value) {
    if (/^\d+$/.test(value)) return Number(value) * 1000;
    const date = Date.parse(value);
    if (!Number.isNaN(date)) return Math.max(0, date - nowMs);
  }
  const field =
    typeof body === 'object' && body !== null
      ? (body as { retry_after?: unknown }).retry_after
      : undefined;
  const seconds = typeof field === 'string' && /^\d+(\.\d+)?$/.test(field) ? Number(field) : field;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0
    ? Math.round(seconds * 1000)
    : undefined;
}

function isTimeoutError(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && 'name' in error && error.name === 'TimeoutError'
  );
}

export interface SignedCall {
  readonly operation: GatewayOperation;
  readonly params: GatewayParams;
  readonly signal?: AbortSignal | undefined;
}

/** Sends one signed request; throws `ProviderError` only when no complete answer arrived. */
export async function signedCall(
  config: GatewayConfig,
  signer: GatewaySigner,
  call: SignedCall,
): Promise<GatewayReply> {
  const { operation } = call;
  if (call.signal?.aborted) throw abortedBeforeSending(operation, call.signal.reason);
  const body = JSON.stringify({ ...call.params, signature: await signer.sign(call.params) });
  const timeout = AbortSignal.timeout(config.timeoutMs);
  const signal = call.signal ? AbortSignal.any([timeout, call.signal]) : timeout;
  const url = `${config.baseUrl}/${encodeURIComponent(config.publicId)}/${operation}`;
  let response: Response;
  let text: string;
  try {
    response = await config.fetch(url, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body,
      signal,
    });
    text = await response.text();
  } catch (error) {
    if (call.signal?.aborted) throw timeoutError(operation, config.timeoutMs, true, error);
    if (timeout.aborted || isTimeoutError(error)) {
      throw timeoutError(operation, config.timeoutMs, false, error);
    }
    throw networkError(operation, error);
  }
  return interpret(config, operation, response, text);
}

function interpret(
  config: GatewayConfig,
  operation: GatewayOperation,
  response: Response,
  text: string,
): GatewayReply {
  const httpStatus = response.status;
  const json = parseJson(text);
  const success = httpStatus >= 200 && httpStatus < 300;
  const operationAnswer = operationAnswerSchema.safeParse(json);
  if (success && operationAnswer.success) return { ok: true, answer: operationAnswer.data };
  const envelope = errorAnswerSchema.safeParse(json);
  // A 2xx with only `{ result: { code: 0 } }` (or anything else unreadable) answers nothing.
  if (success && !(envelope.success && envelope.data.result.code !== 0)) {
    const what =
      json === undefined ? 'with a body that is not JSON' : 'without the documented fields';
    return { ok: false, malformed: unexpectedAnswer(operation, httpStatus, what, text) };
  }
  return {
    ok: false,
    failure: {
      httpStatus,
      resultCode: envelope.success ? envelope.data.result.code : undefined,
      resultMessage: envelope.success ? (envelope.data.result.message ?? undefined) : undefined,
      retryAfterMs: retryAfterMs(response.headers.get('retry-after'), json, config.clock.now()),
      answer: text === '' ? undefined : shorten(text),
    },
  };
}
