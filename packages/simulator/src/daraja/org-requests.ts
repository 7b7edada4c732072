/**
 * Field rules for Daraja's org operations (B2C, transaction status, reversal, account balance)
 * and C2B (register URL, simulate), as daraja.md states them. A bad field is refused the way
 * Daraja refuses any: HTTP 400, `400.002.02`, `Bad Request - Invalid <Field>`.
 */
import { invalidField } from './daraja-error.js';
import { MAX_AMOUNT, MIN_AMOUNT } from './stk-request.js';

export const b2cCommandIds = ['BusinessPayment', 'SalaryPayment', 'PromotionPayment'] as const;

export interface Initiator {
  readonly name: string;
  readonly securityCredential: string;
}

export interface ResultUrls {
  readonly resultUrl: string;
  readonly timeoutUrl: string;
}

export interface B2cRequest extends ResultUrls {
  readonly initiator: Initiator;
  /** Absent on the v1 path, which predates it. */
  readonly originatorConversationId: string | undefined;
  readonly commandId: string;
  readonly amount: number;
  readonly partyA: string;
  readonly partyB: string;
  readonly remarks: string;
}

export interface TransactionStatusRequest extends ResultUrls {
  readonly initiator: Initiator;
  readonly transactionId: string;
  readonly partyA: string;
}

export interface ReversalRequest extends ResultUrls {
  readonly initiator: Initiator;
  readonly transactionId: string;
  readonly amount: number;
  readonly receiverParty: string;
}

export interface BalanceRequest extends ResultUrls {
  readonly initiator: Initiator;
  readonly partyA: string;
}

export interface RegisterUrlRequest {
  readonly shortcode: string;
  readonly responseType: 'Completed' | 'Cancelled';
  readonly confirmationUrl: string;
  readonly validationUrl: string;
}

export interface SimulateRequest {
  readonly shortcode: string;
  readonly commandId: 'CustomerPayBillOnline' | 'CustomerBuyGoodsOnline';
  readonly amount: number;
  readonly msisdn: string;
  readonly billRefNumber: string;
}

type Body = Record<string, unknown>;

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

function text(value: unknown, field: string, max = 100): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > max) {
    throw invalidField(field);
  }
  return value;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) throw invalidField(field);
  return value as T;
}

function url(value: unknown, field: string): string {
  if (typeof value !== 'string' || !URL.canParse(value)) throw invalidField(field);
  const protocol = new URL(value).protocol;
  if (protocol !== 'http:' && protocol !== 'https:') throw invalidField(field);
  return value;
}

function transactionId(value: unknown): string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9]{8,20}$/.test(value)) {
    throw invalidField('TransactionID');
  }
  return value.toUpperCase();
}

function initiator(body: Body, nameField: 'InitiatorName' | 'Initiator'): Initiator {
  return {
    name: text(body[nameField], nameField),
    securityCredential: text(body.SecurityCredential, 'SecurityCredential', 1024),
  };
}

function resultUrls(body: Body): ResultUrls {
  return {
    resultUrl: url(body.ResultURL, 'ResultURL'),
    timeoutUrl: url(body.QueueTimeOutURL, 'QueueTimeOutURL'),
  };
}

export function parseB2cRequest(body: Body, version: 'v1' | 'v3'): B2cRequest {
  const originator = body.OriginatorConversationID;
  if (version === 'v3' && (typeof originator !== 'string' || originator.trim() === '')) {
    throw invalidField('OriginatorConversationID');
  }
  return {
    initiator: initiator(body, 'InitiatorName'),
    originatorConversationId: typeof originator === 'string' ? originator : undefined,
    commandId: oneOf(body.CommandID, b2cCommandIds, 'CommandID'),
    amount: amount(body.Amount),
    partyA: shortcode(body.PartyA, 'PartyA'),
    partyB: msisdn(body.PartyB, 'PartyB'),
    remarks: text(body.Remarks, 'Remarks'),
    ...resultUrls(body),
  };
}

export function parseTransactionStatusRequest(body: Body): TransactionStatusRequest {
  oneOf(body.CommandID, ['TransactionStatusQuery'], 'CommandID');
  oneOf(body.IdentifierType, ['1', '2', '4'], 'IdentifierType');
  text(body.Remarks, 'Remarks');
  return {
    initiator: initiator(body, 'Initiator'),
    transactionId: transactionId(body.TransactionID),
    partyA: shortcode(body.PartyA, 'PartyA'),
    ...resultUrls(body),
  };
}

export function parseReversalRequest(body: Body): ReversalRequest {
  oneOf(body.CommandID, ['TransactionReversal'], 'CommandID');
  // (sic): Daraja's spelling; "11" is the organisation that received the money.
  oneOf(body.RecieverIdentifierType, ['11', '4'], 'RecieverIdentifierType');
  text(body.Remarks, 'Remarks');
  return {
    initiator: initiator(body, 'Initiator'),
    transactionId: transactionId(body.TransactionID),
    amount: amount(body.Amount),
    receiverParty: shortcode(body.ReceiverParty, 'ReceiverParty'),
    ...resultUrls(body),
  };
}

export function parseBalanceRequest(body: Body): BalanceRequest {
  oneOf(body.CommandID, ['AccountBalance'], 'CommandID');
  oneOf(body.IdentifierType, ['1', '2', '4'], 'IdentifierType');
  text(body.Remarks, 'Remarks');
  return {
    initiator: initiator(body, 'Initiator'),
    partyA: shortcode(body.PartyA, 'PartyA'),
    ...resultUrls(body),
  };
}

/**
 * Safaricom refuses C2B URLs containing these words in any case (from its portal, not
 * daraja.md); the simulator refuses them the same way.
 */
const forbiddenUrlWords = ['m-pesa', 'mpesa', 'safaricom', 'exe', 'exec', 'cmd', 'sql', 'query'];

function c2bUrl(value: unknown, field: string): string {
  const checked = url(value, field);
  if (forbiddenUrlWords.some((word) => checked.toLowerCase().includes(word))) {
    throw invalidField(field);
  }
  return checked;
}

export function parseRegisterUrlRequest(body: Body): RegisterUrlRequest {
  return {
    shortcode: shortcode(body.ShortCode, 'ShortCode'),
    responseType: oneOf(body.ResponseType, ['Completed', 'Cancelled'], 'ResponseType'),
    confirmationUrl: c2bUrl(body.ConfirmationURL, 'ConfirmationURL'),
    validationUrl: c2bUrl(body.ValidationURL, 'ValidationURL'),
  };
}

export function parseSimulateRequest(body: Body): SimulateRequest {
  const commandId = oneOf(
    body.CommandID,
    ['CustomerPayBillOnline', 'CustomerBuyGoodsOnline'],
    'CommandID',
  );
  const billRef = body.BillRefNumber;
  if (commandId === 'CustomerPayBillOnline') text(billRef, 'BillRefNumber', 20);
  return {
    shortcode: shortcode(body.ShortCode, 'ShortCode'),
    commandId,
    amount: amount(body.Amount),
    msisdn: msisdn(body.Msisdn, 'Msisdn'),
    billRefNumber: typeof billRef === 'string' ? billRef : '',
  };
}
