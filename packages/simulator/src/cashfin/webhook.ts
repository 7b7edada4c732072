/**
 * Cashfin's payment webhooks as the simulator sends them: `{ type, data }` signed with
 * `x-cashfin-signature`, the hex HMAC-SHA256 of the exact body bytes under the webhook secret.
 * The fields inside `data` are not documented; the simulator assumes what cashfin.md assumes
 * (payment id, referenceid, amount, phone, status, receipt) in Cashfin's lower-case style, and
 * relays M-Pesa's result the way the initiation answer relays Daraja's fields (`resultcode`).
 */
import { createHmac } from 'node:crypto';
import type { Outcome } from '../outcomes.js';

export const CASHFIN_SIGNATURE_HEADER = 'x-cashfin-signature';

/** Cashfin's documented payment statuses. */
export type CashfinPaymentStatus = 'pending' | 'completed' | 'failed' | 'cancelled';

export type CashfinPaymentEventType = 'payment.completed' | 'payment.failed';

export interface CashfinPaymentData {
  /** Cashfin's payment id (a MongoDB ObjectID). */
  readonly _id: string;
  /** Returned at initiation; the adapter matches payments on it. */
  readonly checkoutrequestid: string;
  readonly merchantrequestid: string;
  readonly referenceid: string | null;
  /** KES, a number as Cashfin writes money. */
  readonly amount: number;
  readonly currency: 'KES';
  readonly phone: string;
  readonly channel: 'mpesa';
  readonly status: CashfinPaymentStatus;
  /** M-Pesa's ResultCode as text (`"0"` paid); absent while pending. */
  readonly resultcode?: string;
  readonly resultdesc?: string;
  /** Only on completed payments. */
  readonly mpesareceiptnumber?: string;
  readonly createdat: string;
  readonly updatedat: string;
}

export interface CashfinWebhookEvent {
  readonly type: CashfinPaymentEventType;
  readonly data: CashfinPaymentData;
}

export interface CashfinResult {
  readonly type: CashfinPaymentEventType;
  readonly status: CashfinPaymentStatus;
  readonly resultcode: string;
  readonly resultdesc: string;
}

/** How the simulator says each canonical outcome in Cashfin's webhooks. */
export const cashfinResultOf: Readonly<Record<Outcome, CashfinResult>> = Object.freeze({
  paid: {
    type: 'payment.completed',
    status: 'completed',
    resultcode: '0',
    resultdesc: 'The service request is processed successfully.',
  },
  insufficient_funds: {
    type: 'payment.failed',
    status: 'failed',
    resultcode: '1',
    resultdesc: 'The balance is insufficient for the transaction.',
  },
  wrong_pin: {
    type: 'payment.failed',
    status: 'failed',
    resultcode: '2001',
    resultdesc: 'The initiator information is invalid.',
  },
  cancelled: {
    type: 'payment.failed',
    status: 'cancelled',
    resultcode: '1032',
    resultdesc: 'Request cancelled by user.',
  },
  no_response: {
    type: 'payment.failed',
    status: 'failed',
    resultcode: '1037',
    resultdesc: 'DS timeout user cannot be reached.',
  },
});

/** Lower-case hex HMAC-SHA256 of `rawBody` under `secret`: the `x-cashfin-signature` value. */
export function signCashfinWebhook(rawBody: string, secret: string): string {
  return createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex');
}

/** The exact bytes and headers of a signed webhook, ready to POST. */
export function signedCashfinWebhook(
  event: CashfinWebhookEvent,
  secret: string,
): { rawBody: string; headers: Record<string, string> } {
  const rawBody = JSON.stringify(event);
  return { rawBody, headers: { [CASHFIN_SIGNATURE_HEADER]: signCashfinWebhook(rawBody, secret) } };
}
