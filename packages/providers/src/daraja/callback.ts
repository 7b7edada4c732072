/**
 * Daraja's STK callback, parsed strictly. Daraja does not sign callbacks: the server checks the
 * per-payment token in the URL before this runs, and the reconciler confirms with a query.
 */
import { CallbackError, type Money, type StatusUpdate } from '@lipwa/core';
import { parseDarajaTimestamp } from './password.js';
import { mapDarajaResult, parseDarajaResultCode } from './result-codes.js';

/** What Daraja must hear back so it treats the callback as delivered. */
export const darajaCallbackAck = Object.freeze({ ResultCode: 0, ResultDesc: 'Accepted' });

function invalid(why: string): CallbackError {
  return new CallbackError('invalid_callback', `Not a Daraja STK callback: ${why}.`, {
    details: { why },
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Daraja's Amount is a number of shillings (sometimes with decimals); Lipwa keeps cents. */
function toMoney(value: unknown): Money {
  const shillings =
    typeof value === 'string' && /^\d+(\.\d{1,2})?$/.test(value) ? Number(value) : value;
  if (typeof shillings !== 'number' || !Number.isFinite(shillings) || shillings <= 0) {
    throw invalid('Amount must be a positive number of shillings');
  }
  const cents = Math.round(shillings * 100);
  if (Math.abs(cents - shillings * 100) > 1e-6 || !Number.isSafeInteger(cents)) {
    throw invalid('Amount has more than two decimals');
  }
  return { amount: cents, currency: 'KES' };
}

function metadataItems(callback: Record<string, unknown>): Map<string, unknown> {
  const metadata = callback.CallbackMetadata;
  if (!isRecord(metadata) || !Array.isArray(metadata.Item)) {
    throw invalid('a successful callback must carry CallbackMetadata.Item');
  }
  const items = new Map<string, unknown>();
  for (const item of metadata.Item) {
    if (!isRecord(item) || typeof item.Name !== 'string') {
      throw invalid('every CallbackMetadata item needs a Name');
    }
    // Balance often comes with no Value key at all.
    items.set(item.Name, item.Value);
  }
  return items;
}

function successFields(callback: Record<string, unknown>): Partial<StatusUpdate> {
  const items = metadataItems(callback);
  const receipt = items.get('MpesaReceiptNumber');
  if (typeof receipt !== 'string' || !/^[A-Za-z0-9]{1,32}$/.test(receipt)) {
    throw invalid('a successful callback must carry an MpesaReceiptNumber');
  }
  const fields: { -readonly [K in keyof StatusUpdate]?: StatusUpdate[K] } = {
    receipt,
    amount: toMoney(items.get('Amount')),
  };
  const date = items.get('TransactionDate');
  if (date !== undefined) {
    const paidAt =
      typeof date === 'number' || typeof date === 'string' ? parseDarajaTimestamp(date) : undefined;
    if (paidAt === undefined) throw invalid('TransactionDate must be YYYYMMDDHHmmss');
    fields.paidAt = paidAt;
  }
  // Masked, hashed or missing in some accounts: kept as text, never trusted as an MSISDN.
  const phone = items.get('PhoneNumber');
  if (typeof phone === 'number' || (typeof phone === 'string' && phone !== '')) {
    fields.phone = String(phone);
  }
  return fields;
}

/** Parses the exact callback body into one status update; throws `CallbackError('invalid_callback')`. */
export function parseStkCallback(rawBody: string): StatusUpdate {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody);
  } catch {
    throw invalid('the body is not JSON');
  }
  if (!isRecord(parsed) || !isRecord(parsed.Body) || !isRecord(parsed.Body.stkCallback)) {
    throw invalid('expected {"Body":{"stkCallback":{...}}}');
  }
  const callback = parsed.Body.stkCallback;
  const { CheckoutRequestID, ResultCode, ResultDesc } = callback;
  if (typeof CheckoutRequestID !== 'string' || CheckoutRequestID.trim() === '') {
    throw invalid('CheckoutRequestID must be a non-empty string');
  }
  // A number in most callbacks, text in some (`"0"`, `"SFC_IC0003"`): both are codes.
  const code = parseDarajaResultCode(ResultCode);
  if (code === undefined) throw invalid('ResultCode must be a whole number or a code as text');
  if (ResultDesc !== undefined && typeof ResultDesc !== 'string') {
    throw invalid('ResultDesc must be a string');
  }
  const mapped = mapDarajaResult(code, ResultDesc, { from: 'callback' });
  return {
    providerRef: CheckoutRequestID,
    status: mapped.status,
    reason: mapped.reason,
    providerCode: mapped.providerCode,
    message: mapped.message,
    ...(mapped.status === 'completed' ? successFields(callback) : {}),
  };
}
