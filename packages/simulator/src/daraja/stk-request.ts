/**
 * Field rules for M-Pesa Express requests, as daraja.md states them. Each bad field is refused
 * the way Daraja refuses it: HTTP 400, `400.002.02`, `Bad Request - Invalid <Field>`. The
 * simulator is no stricter than Daraja: a long TransactionDesc is accepted, and so is a long
 * AccountReference (whose prompt then never arrives: see the engine).
 */
import { invalidField } from './daraja-error.js';
import { isDarajaTimestamp } from './daraja-time.js';

export const transactionTypes = ['CustomerPayBillOnline', 'CustomerBuyGoodsOnline'] as const;
export type TransactionType = (typeof transactionTypes)[number];

export const MIN_AMOUNT = 1;
export const MAX_AMOUNT = 250_000;
/** Daraja accepts longer AccountReferences, but no prompt ever reaches the phone (daraja.md). */
export const PROMPTABLE_ACCOUNT_REFERENCE_MAX = 12;

export interface StkCredentials {
  shortcode: string;
  password: string;
  timestamp: string;
}

export interface StkPushRequest extends StkCredentials {
  transactionType: TransactionType;
  /** Whole shillings. */
  amount: number;
  partyA: string;
  partyB: string;
  phone: string;
  callbackUrl: string;
  accountReference: string;
  transactionDesc: string;
}

export interface StkQueryRequest extends StkCredentials {
  checkoutRequestId: string;
}

/** Daraja accepts numeric fields as JSON numbers or digit strings. */
function digits(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === 'string' && /^\d+$/.test(value)) return value;
  return undefined;
}

function shortcode(value: unknown, field: string): string {
  const text = digits(value);
  if (text === undefined || !/^\d{5,7}$/.test(text)) throw invalidField(field);
  return text;
}

function msisdn(value: unknown, field: string): string {
  const text = digits(value);
  if (text === undefined || !/^254[17]\d{8}$/.test(text)) throw invalidField(field);
  return text;
}

function amount(value: unknown): number {
  const text = digits(value);
  const shillings = text === undefined ? Number.NaN : Number(text);
  if (!Number.isSafeInteger(shillings) || shillings < MIN_AMOUNT || shillings > MAX_AMOUNT) {
    throw invalidField('Amount');
  }
  return shillings;
}

function credentials(body: Record<string, unknown>): StkCredentials {
  const code = shortcode(body.BusinessShortCode, 'BusinessShortCode');
  const password = body.Password;
  if (typeof password !== 'string' || password === '') throw invalidField('Password');
  const timestamp = typeof body.Timestamp === 'number' ? String(body.Timestamp) : body.Timestamp;
  if (typeof timestamp !== 'string' || !isDarajaTimestamp(timestamp))
    throw invalidField('Timestamp');
  return { shortcode: code, password, timestamp };
}

function httpUrl(value: unknown): string {
  if (typeof value !== 'string' || !URL.canParse(value)) throw invalidField('CallBackURL');
  const protocol = new URL(value).protocol;
  if (protocol !== 'http:' && protocol !== 'https:') throw invalidField('CallBackURL');
  return value;
}

function requiredText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalidField(field);
  return value;
}

export function parseStkPushRequest(body: Record<string, unknown>): StkPushRequest {
  const creds = credentials(body);
  const transactionType = body.TransactionType;
  if (!transactionTypes.includes(transactionType as TransactionType)) {
    throw invalidField('TransactionType');
  }
  return {
    ...creds,
    transactionType: transactionType as TransactionType,
    amount: amount(body.Amount),
    partyA: msisdn(body.PartyA, 'PartyA'),
    partyB: shortcode(body.PartyB, 'PartyB'),
    phone: msisdn(body.PhoneNumber, 'PhoneNumber'),
    callbackUrl: httpUrl(body.CallBackURL),
    accountReference: requiredText(body.AccountReference, 'AccountReference'),
    transactionDesc: requiredText(body.TransactionDesc, 'TransactionDesc'),
  };
}

export function parseStkQueryRequest(body: Record<string, unknown>): StkQueryRequest {
  const creds = credentials(body);
  const id = body.CheckoutRequestID;
  if (typeof id !== 'string' || id === '') throw invalidField('CheckoutRequestID');
  return { ...creds, checkoutRequestId: id };
}
