/**
 * The gateway's webhooks, verified the way Stripe verifies its own: `X-Salami-Signature` is the
 * hex HMAC-SHA256 of the exact body bytes with the webhook rule's secret, checked in constant
 * time (Web Crypto's `verify`), before a byte of the body is believed. Then the transaction
 * record is parsed strictly and mapped to a status update about its Salami id.
 */
import {
  CallbackError,
  fromDecimalString,
  type Money,
  maskMsisdn,
  type StatusUpdate,
} from '@lipwa/core';
import { type WebhookRecord, webhookRecordSchema } from './schemas.js';
import { mapTransactionResult } from './status-codes.js';

export const SIGNATURE_HEADER = 'x-salami-signature';

/** What the gateway must hear back so it stops retrying: any 200. */
export const webhookAck = Object.freeze({ received: true });

const encoder = new TextEncoder();

/** The HMAC key for a webhook secret, imported once per adapter. */
export function importWebhookKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  );
}

function hexBytes(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++)
    bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/**
 * Throws `CallbackError('invalid_signature')` unless the header is a well-formed signature of
 * `rawBody`. The comparison is Web Crypto's HMAC verify, which is constant-time.
 */
export async function verifyWebhookSignature(
  key: CryptoKey,
  headers: Readonly<Record<string, string | undefined>>,
  rawBody: string,
): Promise<void> {
  const signature = headers[SIGNATURE_HEADER]?.trim();
  if (!signature) {
    throw new CallbackError(
      'invalid_signature',
      'The webhook has no X-Salami-Signature header: set a webhook secret on the payment app’s webhook rule, or the request did not come from the gateway.',
      { details: { why: 'unsigned' } },
    );
  }
  if (!/^[0-9a-fA-F]{64}$/.test(signature)) {
    throw new CallbackError(
      'invalid_signature',
      'X-Salami-Signature is not a hex HMAC-SHA256 (64 hex characters).',
      { details: { why: 'malformed signature' } },
    );
  }
  const valid = await crypto.subtle.verify(
    'HMAC',
    key,
    hexBytes(signature),
    encoder.encode(rawBody),
  );
  if (!valid) {
    throw new CallbackError(
      'invalid_signature',
      'X-Salami-Signature does not match the body: check webhookSecret is this app’s webhook secret, and pass the exact bytes received (not re-serialised JSON) as rawBody.',
      { details: { why: 'mismatch' } },
    );
  }
}

function invalid(why: string): CallbackError {
  return new CallbackError('invalid_callback', `Not a payment-apps transaction webhook: ${why}.`, {
    details: { why },
  });
}

/** The record, bare or wrapped in `{ data }` like the gateway's other answers. */
export function parseWebhookRecord(rawBody: string): WebhookRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody);
  } catch {
    throw invalid('the body is not JSON');
  }
  const candidate =
    typeof parsed === 'object' &&
    parsed !== null &&
    !('id' in parsed) &&
    'data' in parsed &&
    typeof parsed.data === 'object'
      ? parsed.data
      : parsed;
  const record = webhookRecordSchema.safeParse(candidate);
  if (!record.success) {
    const fields = record.error.issues.map((issue) => issue.path.join('.') || 'body');
    throw invalid(`unexpected ${[...new Set(fields)].join(', ')}`);
  }
  return record.data;
}

function toMoney(record: WebhookRecord): Money {
  // M-Pesa Express apps are KES; a record without a currency is the app's.
  const currency = record.currency ?? 'KES';
  if (record.amount === undefined || record.amount === null) {
    throw invalid('a completed transaction must carry its amount');
  }
  try {
    return fromDecimalString(
      typeof record.amount === 'number' ? record.amount.toFixed(2) : record.amount,
      currency,
    );
  } catch {
    throw invalid('amount must be a positive decimal such as "1500.00"');
  }
}

function paidAt(text: string | null | undefined): string | undefined {
  if (!text) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) throw invalid('transaction_time must be an ISO 8601 time');
  return new Date(at).toISOString();
}

/**
 * The update a verified record says, or undefined when it is not about a payment request of
 * this app (money out, another app sharing the URL): acknowledged, never applied.
 */
export function webhookUpdate(record: WebhookRecord, paymentApp: string): StatusUpdate | undefined {
  const direction = record.transaction_type ?? 'PAYMENT_IN';
  if (direction !== 'PAYMENT_IN') return undefined;
  if (record.app_id !== undefined && record.app_id !== null && record.app_id !== paymentApp) {
    return undefined;
  }
  const mapped = mapTransactionResult(record.status, record.result_code, record.result_desc);
  const update: { -readonly [K in keyof StatusUpdate]?: StatusUpdate[K] } = {
    providerRef: record.id,
    status: mapped.status,
    reason: mapped.reason,
    providerCode: mapped.providerCode,
    message: mapped.message,
  };
  if (record.payer_account !== undefined && record.payer_account !== null) {
    update.phone = maskMsisdn(String(record.payer_account));
  }
  if (mapped.status === 'completed') {
    const receipt = record.transaction_id?.trim();
    if (!receipt || !/^[A-Za-z0-9]{1,32}$/.test(receipt)) {
      throw invalid('a completed transaction must carry its M-Pesa receipt as transaction_id');
    }
    update.receipt = receipt;
    update.amount = toMoney(record);
    update.paidAt = paidAt(record.transaction_time);
  }
  return update as StatusUpdate;
}
