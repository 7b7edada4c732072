/**
 * B2C (business to customer): pays money from the organisation's account to a phone. Daraja
 * queues the request and POSTs the outcome to the ResultURL later. The OriginatorConversationID is
 * the idempotency key: Daraja refuses a repeat with 500.002.1001, so repeating a request whose
 * answer was lost is safe when it carries the same id.
 */
import { type CallbackInput, type Money, ValidationError } from '@lipwa/core';
import type { AccessTokens } from './access-token.js';
import { type DarajaAsyncAccepted, sendAsyncRequest } from './async-request.js';
import {
  type DarajaAsyncResult,
  parseAsyncResult,
  resultTime,
  shillingsToMoney,
  textParameter,
} from './async-result.js';
import type { DarajaConfig } from './daraja-options.js';
import {
  checkMsisdn,
  checkRemarks,
  checkShortcode,
  checkUrl,
  initiator,
  ORG_MAX_AMOUNT_KES,
  ORG_MIN_AMOUNT_KES,
  originatorConversationId,
  wholeShillings,
} from './operation-input.js';

export const B2C_PATH = '/mpesa/b2c/v3/paymentrequest';
export const b2cCommandIds = ['BusinessPayment', 'SalaryPayment', 'PromotionPayment'] as const;
export type B2cCommandId = (typeof b2cCommandIds)[number];

export interface B2cRequest {
  /** The customer's number, `2547…` / `2541…`. */
  readonly phone: string;
  /** KES in minor units, whole shillings, KES 1 to KES 250,000. */
  readonly amount: Money;
  /** Default `BusinessPayment`. */
  readonly commandId?: B2cCommandId;
  /** Where Daraja POSTs the result (put your callbackToken in it). */
  readonly resultUrl: string;
  /** Where Daraja POSTs when the request timed out in its queue. */
  readonly timeoutUrl: string;
  /** 2-100 characters; default "Payment". */
  readonly remarks?: string;
  /** 2-100 characters, optional. */
  readonly occasion?: string;
  /** The idempotency key: reuse it to repeat a request safely. Default a random UUID. */
  readonly originatorConversationId?: string;
  /** The paying B2C shortcode; default the configured shortcode. */
  readonly shortcode?: string;
  readonly signal?: AbortSignal;
}

/** The B2C result, with the documented parameters read when it succeeded. */
export interface DarajaB2cResult extends DarajaAsyncResult {
  /** `completed` on ResultCode 0, else `failed` (with `reason`). */
  readonly status: 'completed' | 'failed';
  /** The M-Pesa receipt (`TransactionReceipt`, else `TransactionID`). */
  readonly receipt?: string | undefined;
  readonly amount?: Money | undefined;
  /** `ReceiverPartyPublicName`, e.g. `254708374149 - John Doe`: an unmasked number, never log it. */
  readonly recipient?: string | undefined;
  readonly recipientRegistered?: boolean | undefined;
  readonly completedAt?: string | undefined;
  readonly utilityAccountBalance?: Money | undefined;
  readonly workingAccountBalance?: Money | undefined;
  readonly chargesPaidAccountBalance?: Money | undefined;
}

export function buildB2cPayload(config: DarajaConfig, request: B2cRequest) {
  const commandId = request.commandId ?? 'BusinessPayment';
  if (!(b2cCommandIds as readonly string[]).includes(commandId)) {
    throw new ValidationError(
      'invalid_field',
      `commandId must be one of ${b2cCommandIds.join(', ')}.`,
      { details: { field: 'commandId' } },
    );
  }
  const shillings = wholeShillings(request.amount, {
    min: ORG_MIN_AMOUNT_KES,
    max: ORG_MAX_AMOUNT_KES,
    what: 'B2C payments',
  });
  const phone = checkMsisdn(request.phone);
  const resultUrl = checkUrl(config, request.resultUrl, 'resultUrl');
  const timeoutUrl = checkUrl(config, request.timeoutUrl, 'timeoutUrl');
  const partyA = checkShortcode(request.shortcode ?? config.shortcode, 'shortcode');
  const remarks = checkRemarks(request.remarks, 'remarks', 'Payment');
  const occasion = checkRemarks(request.occasion, 'occasion', '');
  const id = originatorConversationId(request.originatorConversationId);
  const { name, securityCredential } = initiator(config, 'B2C');
  // The documented field order; `Occassion` (sic) is Daraja's spelling.
  return {
    OriginatorConversationID: id,
    InitiatorName: name,
    SecurityCredential: securityCredential,
    CommandID: commandId,
    Amount: shillings,
    PartyA: partyA,
    PartyB: phone,
    Remarks: remarks,
    QueueTimeOutURL: timeoutUrl,
    ResultURL: resultUrl,
    Occassion: occasion,
  };
}

export async function sendB2c(
  config: DarajaConfig,
  tokens: AccessTokens,
  request: B2cRequest,
): Promise<DarajaAsyncAccepted> {
  const json = buildB2cPayload(config, request);
  return sendAsyncRequest(config, tokens, {
    operation: 'b2c',
    path: B2C_PATH,
    json,
    signal: request.signal,
  });
}

function yesNo(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (/^y(es)?$/i.test(value)) return true;
  if (/^no?$/i.test(value)) return false;
  return undefined;
}

/** Verifies the source and parses a B2C result (or queue timeout) body. */
export function parseB2cResult(config: DarajaConfig, input: CallbackInput): DarajaB2cResult {
  const result = parseAsyncResult(config, input, 'B2C result');
  if (!result.ok) return { ...result, status: 'failed' };
  const receipt = textParameter(result, 'TransactionReceipt') ?? result.transactionId;
  return {
    ...result,
    status: 'completed',
    receipt,
    amount: shillingsToMoney(result.parameters.TransactionAmount),
    recipient: textParameter(result, 'ReceiverPartyPublicName'),
    recipientRegistered: yesNo(textParameter(result, 'B2CRecipientIsRegisteredCustomer')),
    completedAt: resultTime(result.parameters.TransactionCompletedDateTime),
    utilityAccountBalance: shillingsToMoney(result.parameters.B2CUtilityAccountAvailableFunds),
    workingAccountBalance: shillingsToMoney(result.parameters.B2CWorkingAccountAvailableFunds),
    chargesPaidAccountBalance: shillingsToMoney(
      result.parameters.B2CChargesPaidAccountAvailableFunds,
    ),
  };
}
