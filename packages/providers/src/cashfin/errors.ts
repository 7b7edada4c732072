/**
 * Turns Cashfin's failures into `ProviderError`s with a stable code, whether a retry may help
 * (`retryable`), whether the request may have taken effect anyway (`ambiguous`), and the
 * provider's own code. Cashfin has no error codes of its own: its "code" is the HTTP status,
 * kept with its `error` text and `errors` map. Secrets are scrubbed from anything kept.
 */
import { type FailureReason, ProviderError } from '@lipwa/core';
import { z } from 'zod';
import { droppedAfterConnect } from '../common/dropped-connection.js';
import type { CashfinConfig } from './cashfin-options.js';
import { retryAfterMs } from './retry-after.js';

/** A complete HTTP answer from Cashfin. */
export interface CashfinAnswer {
  readonly httpStatus: number;
  readonly headers: Headers;
  readonly text: string;
  /** The parsed JSON body, or undefined when it was not JSON. */
  readonly json: unknown;
}

const RAW_EXCERPT_MAX = 500;

/** Up to 500 characters of what Cashfin sent, with our secrets removed should it echo them. */
export function rawExcerpt(config: CashfinConfig, text: string): string {
  let safe = text;
  for (const secret of [config.clientSecret, config.webhookSecret]) {
    safe = safe.split(secret).join('[redacted]');
  }
  return safe.length > RAW_EXCERPT_MAX ? `${safe.slice(0, RAW_EXCERPT_MAX)}…` : safe;
}

/** Cashfin's error envelope: `success: false`, the rest optional (401 carries only `message`). */
const errorEnvelopeSchema = z.object({
  success: z.literal(false),
  error: z.string().optional(),
  errors: z.record(z.string(), z.unknown()).optional(),
  message: z.string().optional(),
  retry_after: z.union([z.number(), z.string()]).optional(),
});
type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;

function text(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value.trim() : undefined;
}

/** Field name -> message, from the `errors` map of a validation answer. */
function fieldErrors(body: ErrorEnvelope): Record<string, string> | undefined {
  const entries = Object.entries(body.errors ?? {}).flatMap(([field, message]) =>
    typeof message === 'string' ? [[field, message] as const] : [],
  );
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

// Cashfin's words for a customer who already has an M-Pesa request in flight.
const busyWords = /in progress|in process|lock subscriber|already processing/i;

function classify(
  status: number,
  body: ErrorEnvelope,
  fields: Record<string, string> | undefined,
  operation: string | undefined,
): {
  code: 'provider_auth_failed' | 'provider_rejected' | 'provider_unavailable';
  retryable: boolean;
  reason?: FailureReason;
  advice: string;
} {
  if (status === 401) {
    return {
      code: 'provider_auth_failed',
      retryable: false,
      advice:
        'check clientSecret: it must be a current client secret (cs_…) from the Cashfin dashboard, sent without "Bearer".',
    };
  }
  if (status === 429) {
    return { code: 'provider_unavailable', retryable: true, advice: 'wait, then try again.' };
  }
  if (status >= 500) {
    return { code: 'provider_unavailable', retryable: true, advice: 'try again shortly.' };
  }
  if (status === 409 && busyWords.test(`${text(body.error) ?? ''} ${text(body.message) ?? ''}`)) {
    return {
      code: 'provider_rejected',
      retryable: true,
      reason: 'subscriber_busy',
      advice:
        'the customer already has an M-Pesa request in progress: ask them to try again in about a minute.',
    };
  }
  if (status === 409) {
    return {
      code: 'provider_rejected',
      retryable: false,
      reason: 'duplicate_request',
      advice:
        operation === undefined
          ? 'Cashfin already has this request: do not send it again.'
          : 'it conflicts with what Cashfin already holds (a paid invoice, say): read it again before changing it.',
    };
  }
  if (status === 403) {
    return {
      code: 'provider_rejected',
      retryable: false,
      reason: 'not_permitted',
      advice: 'check that the Cashfin account may take M-Pesa payments on its plan.',
    };
  }
  if (status === 404) {
    return {
      code: 'provider_rejected',
      retryable: false,
      reason: 'provider_error',
      advice:
        operation === undefined
          ? 'check baseUrl (https://api.cashfin.africa, or the simulator).'
          : 'nothing with that id exists on this Cashfin account (or baseUrl is wrong).',
    };
  }
  return {
    code: 'provider_rejected',
    retryable: false,
    reason: fields?.phone !== undefined ? 'invalid_phone' : 'provider_error',
    advice: 'the request was not accepted; fix it before trying again.',
  };
}

/**
 * Maps a Cashfin error answer (any non-2xx) to a `ProviderError`. Nothing was charged.
 * `operation` names the typed operation (`invoices.create`); without it, the mobile payment request.
 */
export function providerErrorFrom(
  config: CashfinConfig,
  answer: CashfinAnswer,
  operation?: string,
): ProviderError {
  const parsed = errorEnvelopeSchema.safeParse(answer.json);
  const body: ErrorEnvelope = parsed.success ? parsed.data : { success: false };
  const fields = fieldErrors(body);
  const error = text(body.error);
  const message = text(body.message);
  const said = [error, message].filter(Boolean).join(': ') || `HTTP ${answer.httpStatus}`;
  const kind = classify(answer.httpStatus, body, fields, operation);
  const wait =
    answer.httpStatus === 429
      ? retryAfterMs(
          {
            bodyRetryAfter: body.retry_after,
            retryAfterHeader: answer.headers.get('retry-after'),
            rateLimitResetHeader: answer.headers.get('x-ratelimit-reset'),
          },
          config.clock.now(),
        )
      : undefined;
  return new ProviderError(
    kind.code,
    `Cashfin refused ${operation ?? 'the mobile payment request'} (${answer.httpStatus} ${rawExcerpt(config, said)}): ${kind.advice}`,
    {
      retryable: kind.retryable,
      ambiguous: false,
      providerCode: String(answer.httpStatus),
      ...(kind.reason === undefined ? {} : { reason: kind.reason }),
      ...(wait === undefined ? {} : { retryAfterMs: wait }),
      details: {
        httpStatus: answer.httpStatus,
        ...(error === undefined ? {} : { providerError: rawExcerpt(config, error) }),
        ...(message === undefined ? {} : { providerMessage: rawExcerpt(config, message) }),
        ...(fields === undefined ? {} : { fieldErrors: fields }),
        // Not Cashfin's envelope (a proxy's page, say): keep what came, for support.
        ...(parsed.success ? {} : { rawAnswer: rawExcerpt(config, answer.text) }),
      },
    },
  );
}

/** Cashfin answered 2xx with a body that is not the documented acceptance. */
export function unexpectedAcceptance(
  config: CashfinConfig,
  answer: CashfinAnswer,
  what: string,
): ProviderError {
  return new ProviderError(
    'provider_unavailable',
    `Cashfin answered HTTP ${answer.httpStatus} without ${what}: the prompt may have been sent, and Cashfin has no status endpoint, so watch for its webhook before asking the customer to pay again.`,
    {
      retryable: false,
      ambiguous: true,
      providerCode: String(answer.httpStatus),
      details: { httpStatus: answer.httpStatus, rawAnswer: rawExcerpt(config, answer.text) },
    },
  );
}

/**
 * No answer arrived. Before the connection opened nothing was sent; a write (a push, an invoice)
 * whose connection dropped after it opened may have been taken: ambiguous, like a timeout.
 */
export function networkError(cause: unknown, write: boolean): ProviderError {
  const ambiguous = write && droppedAfterConnect(cause);
  return new ProviderError(
    'provider_unavailable',
    ambiguous
      ? 'Cashfin lost the connection after the request was sent: it may have been taken, wait for its webhook before pushing again.'
      : 'Cashfin could not be reached (network error): check connectivity to the Cashfin host and try again.',
    { cause, retryable: !ambiguous, ambiguous },
  );
}

/**
 * The request timed out, or the caller aborted it, after it was sent. The push may have reached
 * Cashfin, so it is ambiguous: never push again blindly (Cashfin has no status endpoint; a
 * late webhook will still settle the payment).
 */
export function timeoutError(timeoutMs: number, byCaller: boolean, cause: unknown): ProviderError {
  const why = byCaller ? 'was aborted by the caller' : `timed out after ${timeoutMs} ms`;
  return new ProviderError(
    'provider_unavailable',
    `Cashfin's mobile payment request ${why}; the prompt may still have been sent: wait for its webhook before pushing again.`,
    { cause, retryable: false, ambiguous: true, details: { timedOut: true } },
  );
}

/** The caller's signal was already aborted: nothing was sent. */
export function abortedBeforeSending(cause: unknown): ProviderError {
  return new ProviderError(
    'provider_unavailable',
    "Cashfin's mobile payment request was not sent because the caller's signal was already aborted.",
    { cause, retryable: false, ambiguous: false },
  );
}
