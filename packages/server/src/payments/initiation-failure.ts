/**
 * What a failed initiation means: the canonical failure reason to store, and the error the
 * customer gets back (with the seconds to wait, and a warning to check the phone when the request
 * may have reached it).
 */
import {
  type FailureReason,
  failureReasons,
  isLipwaError,
  type LipwaError,
  ProviderError,
  ValidationError,
} from '@lipwa/core';

export function failureReasonOf(error: unknown): FailureReason {
  // ValidationErrors (nothing was sent) say why in details; ProviderErrors in a typed field.
  const detailed = isLipwaError(error) ? error.details.reason : undefined;
  const reason =
    error instanceof ProviderError
      ? error.reason
      : typeof detailed === 'string'
        ? detailed
        : undefined;
  if (reason !== undefined && (failureReasons as readonly string[]).includes(reason)) {
    return reason as FailureReason;
  }
  if (isLipwaError(error) && error.code === 'invalid_phone') return 'invalid_phone';
  return 'provider_error';
}

/** Where adapters keep the provider's own answer in an error's details (each names it its way). */
const ANSWER_KEYS = ['rawAnswer', 'raw', 'answer'] as const;
const ANSWER_LIMIT = 500;
// `pin` only as a whole name or suffix (`pin`, `customer_pin`), not inside `shipping`.
const SECRET_KEY = /token|secret|password|authori[sz]ation|signature|(^|_)pin$/i;

/**
 * The provider's own answer that made the initiation fail, as text for the event log (support
 * reads it to see what the provider really said), cut to 500 characters and with any field whose
 * name says it holds a secret replaced. Undefined when the adapter kept no answer.
 */
export function providerAnswerOf(error: unknown): string | undefined {
  if (!isLipwaError(error)) return undefined;
  const key = ANSWER_KEYS.find((name) => error.details[name] !== undefined);
  if (key === undefined) return undefined;
  const value = error.details[key];
  const text =
    typeof value === 'string'
      ? value
      : JSON.stringify(value, (name, field) => (SECRET_KEY.test(name) ? '[redacted]' : field));
  return text.length > ANSWER_LIMIT ? `${text.slice(0, ANSWER_LIMIT)}…` : text;
}

/** The error to answer a failed initiation with; `retryAfter` in seconds. */
export function initiationFailureAnswer(
  error: unknown,
  facts: {
    readonly ambiguous: boolean;
    readonly reason: FailureReason;
    readonly retryAfter: number;
  },
): LipwaError {
  const { ambiguous, reason, retryAfter } = facts;
  if (error instanceof ValidationError) {
    return new ValidationError(error.code, error.message, {
      cause: error,
      details: { ...error.details, retryAfter },
    });
  }
  const code =
    error instanceof ProviderError && error.code.startsWith('provider_')
      ? error.code
      : 'provider_unavailable';
  const detail = error instanceof ProviderError ? ` (${error.message})` : '';
  return new ProviderError(
    code,
    ambiguous
      ? `The payment provider did not answer in time${detail}. The prompt may still reach your phone: check it before trying again in ${retryAfter} seconds.`
      : `The payment provider could not start the payment${detail}. Try again in ${retryAfter} seconds.`,
    { cause: error, ambiguous, reason, details: { retryAfter } },
  );
}
