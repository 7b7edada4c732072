/**
 * One line of the file store's journal. Updates carry the whole new record rather than the patch,
 * so replay never has to re-run merge rules and a compacted journal is just `create` lines.
 */
import { LipwaError } from '@lipwa/core';
import type { WebhookDelivery } from '../webhooks/webhook-delivery.js';
import type { PaymentEvent, PaymentRecord, UnmatchedCallback } from './payment-record.js';

export type JournalEntry =
  | { readonly op: 'create'; readonly record: PaymentRecord }
  | {
      readonly op: 'update';
      readonly record: PaymentRecord;
      /** Webhook deliveries written with this change: one line, so both or neither survive. */
      readonly outbox?: readonly WebhookDelivery[];
      /** The payment's audit events written with this change (a callback's, a transition's). */
      readonly events?: readonly PaymentEvent[];
    }
  | { readonly op: 'delivery'; readonly delivery: WebhookDelivery }
  | { readonly op: 'event'; readonly paymentId: string; readonly event: PaymentEvent }
  | { readonly op: 'unmatched'; readonly entry: UnmatchedCallback };

export function encodeEntry(entry: JournalEntry): string {
  return `${JSON.stringify(entry)}\n`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRecord(value: unknown): value is PaymentRecord {
  return (
    isObject(value) &&
    typeof value.id === 'string' &&
    typeof value.sessionId === 'string' &&
    typeof value.status === 'string' &&
    typeof value.callbackTokenHash === 'string' &&
    typeof value.createdAt === 'number' &&
    typeof value.version === 'number'
  );
}

function isEvent(value: unknown): value is PaymentEvent {
  return isObject(value) && typeof value.at === 'number' && typeof value.kind === 'string';
}

function isDelivery(value: unknown): value is WebhookDelivery {
  return isObject(value) && typeof value.id === 'string' && typeof value.payload === 'string';
}

function isUnmatched(value: unknown): value is UnmatchedCallback {
  return isObject(value) && typeof value.paymentId === 'string' && typeof value.at === 'number';
}

/** Absent, or an array whose every item passes `check`. */
function isListOf<T>(
  value: unknown,
  check: (item: unknown) => item is T,
): value is T[] | undefined {
  return value === undefined || (Array.isArray(value) && value.every(check));
}

/**
 * Parses one complete journal line. A complete line that does not parse means the file was
 * edited or damaged (a crash can only tear the last, unterminated line), so it is fatal.
 */
export function decodeEntry(line: string, where: string): JournalEntry {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (cause) {
    throw corrupt(where, 'it is not valid JSON', cause);
  }
  if (!isObject(value)) throw corrupt(where, 'it is not a JSON object');
  switch (value.op) {
    case 'create':
      if (isRecord(value.record)) return { op: value.op, record: value.record };
      break;
    case 'update':
      if (!isRecord(value.record)) break;
      if (!isListOf(value.outbox, isDelivery) || !isListOf(value.events, isEvent)) break;
      return {
        op: 'update',
        record: value.record,
        ...(value.outbox === undefined ? {} : { outbox: value.outbox }),
        ...(value.events === undefined ? {} : { events: value.events }),
      };
    case 'delivery':
      if (isDelivery(value.delivery)) return { op: 'delivery', delivery: value.delivery };
      break;
    case 'event':
      if (typeof value.paymentId === 'string' && isEvent(value.event)) {
        return { op: 'event', paymentId: value.paymentId, event: value.event };
      }
      break;
    case 'unmatched':
      if (isUnmatched(value.entry)) return { op: 'unmatched', entry: value.entry };
      break;
  }
  throw corrupt(where, 'it is not a known journal entry');
}

function corrupt(where: string, why: string, cause?: unknown): LipwaError {
  return new LipwaError(
    'internal_error',
    `The file store journal is damaged at ${where}: ${why}. Restore the directory from a backup, or move the journal aside to start empty.`,
    { cause, details: { where } },
  );
}
