/**
 * The async result Daraja POSTs to a ResultURL (B2C, transaction status, reversal, account
 * balance) or, when the request waited too long in its queue, to the QueueTimeOutURL:
 * `{ Result: { ResultType, ResultCode, ResultDesc, OriginatorConversationID, ConversationID,
 * TransactionID, ResultParameters: { ResultParameter: [{ Key, Value }] }, ReferenceData } }`.
 * Parsed strictly with zod after the source is checked; each operation reads its own parameters.
 */
import {
  CallbackError,
  type CallbackInput,
  EAT_OFFSET_MINUTES,
  type FailureReason,
  type Money,
  parseCompactTimestamp,
} from '@lipwa/core';
import { z } from 'zod';
import { checkTrustedCallback } from './callback-trust.js';
import type { DarajaConfig } from './daraja-options.js';
import { darajaResultCodeSchema, darajaResultCodes } from './result-codes.js';

/** What Daraja must hear back for a result (any 200 will do; this is what it documents). */
export const darajaResultAck = Object.freeze({ ResultCode: 0, ResultDesc: 'Accepted' });

export type ResultValue = string | number | boolean | null;

/** The parts every async result shares. */
export interface DarajaAsyncResult {
  /** `"0"` when Daraja did what was asked; other codes say why not. Kept as text. */
  readonly resultCode: string;
  readonly resultDesc: string;
  /** Whether the operation succeeded (ResultCode 0). */
  readonly ok: boolean;
  /** Why it failed, from the result-code tables; `unknown` for a code Lipwa has never seen. */
  readonly reason?: FailureReason | undefined;
  readonly resultType?: string | undefined;
  readonly originatorConversationId: string;
  readonly conversationId: string;
  /** The M-Pesa transaction id of this operation, when it made one. */
  readonly transactionId?: string | undefined;
  /** Every `ResultParameter` by Key, values as Daraja sent them. */
  readonly parameters: Readonly<Record<string, ResultValue>>;
  /** `ReferenceData.ReferenceItem` by Key. */
  readonly referenceData: Readonly<Record<string, ResultValue>>;
}

const value = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const keyValue = z.looseObject({ Key: z.string().min(1), Value: value.optional() });
/** Daraja sends a single item as an object and several as a list. */
const oneOrMany = z
  .union([z.array(keyValue), keyValue])
  .transform((items) => (Array.isArray(items) ? items : [items]));

const resultSchema = z.looseObject({
  Result: z.looseObject({
    ResultType: z.union([z.number(), z.string()]).nullish(),
    ResultCode: darajaResultCodeSchema,
    ResultDesc: z.string().nullish(),
    OriginatorConversationID: z.string().min(1),
    ConversationID: z.string().min(1),
    TransactionID: z.string().nullish(),
    ResultParameters: z.looseObject({ ResultParameter: oneOrMany.nullish() }).nullish(),
    ReferenceData: z.looseObject({ ReferenceItem: oneOrMany.nullish() }).nullish(),
  }),
});

interface AsyncResultMapping {
  readonly reason: FailureReason;
  readonly description: string;
}

/**
 * Codes of the org operations that the STK table does not have, or means differently there
 * (2001 is a wrong PIN on a prompt, but a bad initiator credential here).
 */
export const darajaAsyncResultCodes: Readonly<Record<string, AsyncResultMapping>> = Object.freeze({
  '1': {
    reason: 'insufficient_funds',
    description: 'The organisation account does not have enough funds for the transaction.',
  },
  '2001': {
    reason: 'not_permitted',
    description:
      'The initiator information is invalid: check initiatorName and securityCredential.',
  },
  R000001: {
    reason: 'duplicate_request',
    description: 'The transaction has already been reversed.',
  },
  R000002: {
    reason: 'not_permitted',
    description: 'The OriginalTransactionID is invalid (no such transaction for this shortcode).',
  },
});

function mapCode(code: string): Pick<DarajaAsyncResult, 'ok' | 'reason'> & { description: string } {
  if (code === '0')
    return { ok: true, description: 'The service request is processed successfully.' };
  const own = Object.hasOwn(darajaAsyncResultCodes, code)
    ? darajaAsyncResultCodes[code]
    : undefined;
  if (own) return { ok: false, reason: own.reason, description: own.description };
  const stk = Object.hasOwn(darajaResultCodes, code) ? darajaResultCodes[code] : undefined;
  return {
    ok: false,
    reason: stk?.reason ?? 'unknown',
    description: stk?.description ?? `Unknown Daraja ResultCode ${code}.`,
  };
}

function invalid(what: string, why: string, details: Record<string, unknown> = {}): CallbackError {
  return new CallbackError('invalid_callback', `Not a Daraja ${what}: ${why}.`, {
    details: { why, ...details },
  });
}

function byKey(
  items: readonly { Key: string; Value?: ResultValue | undefined }[] | null | undefined,
) {
  const record: Record<string, ResultValue> = {};
  for (const item of items ?? []) record[item.Key] = item.Value ?? null;
  return Object.freeze(record);
}

/** Checks the source, then parses the exact body; throws `CallbackError` on anything else. */
export function parseAsyncResult(
  config: DarajaConfig,
  input: CallbackInput,
  what: string,
): DarajaAsyncResult {
  checkTrustedCallback(config, input, what);
  let body: unknown;
  try {
    body = JSON.parse(input.rawBody);
  } catch {
    throw invalid(what, 'the body is not JSON');
  }
  const parsed = resultSchema.safeParse(body);
  if (!parsed.success) {
    throw invalid(
      what,
      'expected {"Result":{ResultCode, OriginatorConversationID, ConversationID, …}}',
      {
        fields: parsed.error.issues.map((issue) => issue.path.join('.') || '(root)'),
      },
    );
  }
  const result = parsed.data.Result;
  const mapped = mapCode(result.ResultCode);
  const transactionId = result.TransactionID?.trim();
  return {
    resultCode: result.ResultCode,
    resultDesc: result.ResultDesc?.trim() || mapped.description,
    ok: mapped.ok,
    ...(mapped.reason === undefined ? {} : { reason: mapped.reason }),
    ...(result.ResultType == null ? {} : { resultType: String(result.ResultType) }),
    originatorConversationId: result.OriginatorConversationID,
    conversationId: result.ConversationID,
    ...(transactionId ? { transactionId } : {}),
    parameters: byKey(result.ResultParameters?.ResultParameter),
    referenceData: byKey(result.ReferenceData?.ReferenceItem),
  };
}

/** A parameter as text, or undefined when absent or empty. */
export function textParameter(result: DarajaAsyncResult, key: string): string | undefined {
  const found = result.parameters[key];
  if (found === undefined || found === null || found === '') return undefined;
  return String(found).trim();
}

/**
 * Shillings as Daraja writes them in results (`10`, `10116.00`, `-4510.00`: charge accounts go
 * negative) to integer cents; undefined when it is not an amount.
 */
export function shillingsToMoney(raw: ResultValue | undefined): Money | undefined {
  const text = typeof raw === 'number' ? raw.toFixed(2) : typeof raw === 'string' ? raw.trim() : '';
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text.replace(/,/g, ''));
  if (!match) return undefined;
  const cents = Number(`${match[2]}${(match[3] ?? '').padEnd(2, '0')}`);
  if (!Number.isSafeInteger(cents)) return undefined;
  return { amount: match[1] === '-' && cents !== 0 ? -cents : cents, currency: 'KES' };
}

/**
 * A time in a result, as ISO 8601 UTC: `YYYYMMDDHHmmss` (a number or text) or B2C's
 * `19.12.2019 11:45:50`, both Nairobi time. Undefined when it is neither.
 */
export function resultTime(raw: ResultValue | undefined): string | undefined {
  if (typeof raw !== 'string' && typeof raw !== 'number') return undefined;
  const text = String(raw).trim();
  const dotted = /^(\d{2})\.(\d{2})\.(\d{4}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  const compact = dotted
    ? `${dotted[3]}${dotted[2]}${dotted[1]}${dotted[4]}${dotted[5]}${dotted[6]}`
    : text;
  const epochMs = parseCompactTimestamp(compact, EAT_OFFSET_MINUTES);
  return epochMs === undefined ? undefined : new Date(epochMs).toISOString();
}
