/**
 * One typed Cashfin operation (invoices, subscriptions, payment links, orders): the exchange,
 * Cashfin's rate limit honoured, the `{ success, message, data, meta }` envelope checked with
 * zod, and every failure a `ProviderError` naming the operation and keeping Cashfin's answer.
 *
 * Retries: a 429 is refused before Cashfin does anything, so any operation waits out its
 * `retry_after` (up to `maxRetryWaitMs`, twice at most) and asks again. A 5xx, a dropped
 * connection or a timeout is retried once only for reads: Cashfin documents no idempotency key,
 * so a repeated create could create twice.
 */
import { ProviderError } from '@lipwa/core';
import { z } from 'zod';
import { exchange } from './cashfin-http.js';
import type { CashfinConfig } from './cashfin-options.js';
import { type CashfinAnswer, providerErrorFrom, rawExcerpt } from './errors.js';

/** `meta` on Cashfin's list answers. */
export interface CashfinMeta {
  readonly total: number;
  readonly page: number;
  readonly limit: number;
  readonly pages: number;
}

export interface CashfinCall<T> {
  /** For people: `invoices.create`. */
  readonly operation: string;
  readonly method: 'GET' | 'POST' | 'PATCH';
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  readonly json?: unknown;
  readonly signal?: AbortSignal | undefined;
  /** The schema of `data`. */
  readonly data: z.ZodType<T>;
  /** True for reads: safe to send again after a 5xx, a dropped connection or a timeout. */
  readonly idempotent: boolean;
}

export interface CashfinReply<T> {
  readonly data: T;
  readonly message?: string | undefined;
  readonly meta?: CashfinMeta | undefined;
}

/** Waits out at most this many 429s in one call. */
export const RATE_LIMIT_RETRIES = 2;

const count = z.coerce.number().int().min(0);
const metaSchema = z.object({ total: count, page: count, limit: count, pages: count });

function envelope<T>(data: z.ZodType<T>) {
  return z.object({
    success: z.literal(true),
    message: z.string().optional(),
    data,
    meta: metaSchema.optional(),
  });
}

function isRefusal(json: unknown): boolean {
  return (
    typeof json === 'object' && json !== null && (json as { success?: unknown }).success === false
  );
}

/**
 * No complete answer: a dropped connection (nothing was done), or a timeout after sending (a
 * write may have taken effect, so it is ambiguous; a read is safe to repeat).
 */
function lostAnswer(
  call: CashfinCall<unknown>,
  error: ProviderError,
  kind: 'network' | 'timeout',
): ProviderError {
  if (kind === 'network') {
    return new ProviderError(
      'provider_unavailable',
      `Cashfin could not be reached for ${call.operation} (network error): nothing was done; try again.`,
      { cause: error.cause, retryable: true, ambiguous: false },
    );
  }
  const byCaller = call.signal?.aborted === true;
  const why = byCaller ? 'was aborted by the caller' : 'timed out';
  return new ProviderError(
    'provider_unavailable',
    call.idempotent
      ? `Cashfin ${call.operation} ${why}: it only reads, so it is safe to try again.`
      : `Cashfin ${call.operation} ${why} after it was sent: it may have taken effect; read it back before sending it again.`,
    {
      cause: error.cause,
      retryable: call.idempotent && !byCaller,
      ambiguous: !call.idempotent,
      details: { timedOut: true },
    },
  );
}

function unexpected(
  config: CashfinConfig,
  call: CashfinCall<unknown>,
  answer: CashfinAnswer,
  issues: readonly z.core.$ZodIssue[],
): ProviderError {
  const fields = [...new Set(issues.map((issue) => issue.path.join('.') || 'body'))];
  return new ProviderError(
    'provider_unavailable',
    `Cashfin answered ${call.operation} with HTTP ${answer.httpStatus} but not in its documented shape (${fields.join(', ')})${
      call.idempotent ? '.' : ': it may have taken effect; read it back before sending it again.'
    }`,
    {
      retryable: call.idempotent,
      ambiguous: !call.idempotent,
      providerCode: String(answer.httpStatus),
      details: {
        httpStatus: answer.httpStatus,
        fields,
        rawAnswer: rawExcerpt(config, answer.text),
      },
    },
  );
}

async function send(config: CashfinConfig, call: CashfinCall<unknown>): Promise<CashfinAnswer> {
  try {
    return await exchange(config, call);
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    if (error.details.timedOut === true) throw lostAnswer(call, error, 'timeout');
    if (error.retryable) throw lostAnswer(call, error, 'network');
    // The caller's signal was aborted before anything was sent.
    throw error;
  }
}

export async function callCashfin<T>(
  config: CashfinConfig,
  call: CashfinCall<T>,
): Promise<CashfinReply<T>> {
  let rateLimited = 0;
  let repeated = false;
  for (;;) {
    let answer: CashfinAnswer;
    try {
      answer = await send(config, call);
    } catch (error) {
      if (error instanceof ProviderError && error.retryable && call.idempotent && !repeated) {
        repeated = true;
        continue;
      }
      throw error;
    }
    const ok = answer.httpStatus >= 200 && answer.httpStatus < 300 && !isRefusal(answer.json);
    if (!ok) {
      const error = providerErrorFrom(config, answer, call.operation);
      const wait = error.retryAfterMs;
      if (
        answer.httpStatus === 429 &&
        wait !== undefined &&
        wait <= config.maxRetryWaitMs &&
        rateLimited < RATE_LIMIT_RETRIES
      ) {
        rateLimited += 1;
        // Aborted while waiting: the caller gets the 429 itself, with its retryAfterMs.
        const waited = await config.sleep(wait, call.signal).then(
          () => true,
          () => false,
        );
        if (!waited) throw error;
        continue;
      }
      if (answer.httpStatus >= 500 && call.idempotent && !repeated) {
        repeated = true;
        continue;
      }
      throw error;
    }
    const parsed = envelope(call.data).safeParse(answer.json);
    if (!parsed.success) throw unexpected(config, call, answer, parsed.error.issues);
    return parsed.data as CashfinReply<T>;
  }
}
