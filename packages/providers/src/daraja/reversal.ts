/**
 * Reversal: asks Daraja to reverse a completed M-Pesa transaction received by the shortcode.
 * Queued; the outcome arrives at the ResultURL (R000001 already reversed, R000002 no such
 * transaction). A second request for the same transaction ends in R000001, so repeating one
 * whose answer was lost cannot reverse twice.
 */
import type { CallbackInput, Money } from '@lipwa/core';
import type { AccessTokens } from './access-token.js';
import { type DarajaAsyncAccepted, sendAsyncRequest } from './async-request.js';
import {
  type DarajaAsyncResult,
  parseAsyncResult,
  resultTime,
  shillingsToMoney,
  textParameter,
} from './async-result.js';
import { type BalanceAccount, parseAccountBalances } from './balance-accounts.js';
import type { DarajaConfig } from './daraja-options.js';
import {
  checkRemarks,
  checkShortcode,
  checkTransactionId,
  checkUrl,
  initiator,
  ORG_MAX_AMOUNT_KES,
  ORG_MIN_AMOUNT_KES,
  wholeShillings,
} from './operation-input.js';

export const REVERSAL_PATH = '/mpesa/reversal/v1/request';
/** daraja.md: `RecieverIdentifierType` (sic) "11", the organisation that received the money. */
const RECEIVER_IDENTIFIER = '11';

export interface ReversalRequest {
  /** The M-Pesa transaction id (receipt) to reverse. */
  readonly transactionId: string;
  /** The transaction's amount, KES in minor units (whole shillings). */
  readonly amount: Money;
  readonly resultUrl: string;
  readonly timeoutUrl: string;
  /** 2-100 characters; default "Reversal". */
  readonly remarks?: string;
  readonly occasion?: string;
  /** The shortcode that received the money; default the configured shortcode. */
  readonly shortcode?: string;
  readonly signal?: AbortSignal;
}

export interface DarajaReversalResult extends DarajaAsyncResult {
  /** `completed` when the money went back, else `failed` (R000001 is `duplicate_request`). */
  readonly status: 'completed' | 'failed';
  readonly originalTransactionId?: string | undefined;
  readonly amount?: Money | undefined;
  readonly charge?: Money | undefined;
  readonly completedAt?: string | undefined;
  readonly creditParty?: string | undefined;
  readonly debitParty?: string | undefined;
  /** The debited account after the reversal, when Daraja reports it. */
  readonly debitAccountBalance?: BalanceAccount | undefined;
}

export function buildReversalPayload(config: DarajaConfig, request: ReversalRequest) {
  const transactionId = checkTransactionId(request.transactionId);
  const shillings = wholeShillings(request.amount, {
    min: ORG_MIN_AMOUNT_KES,
    max: ORG_MAX_AMOUNT_KES,
    what: 'Reversals',
  });
  const resultUrl = checkUrl(config, request.resultUrl, 'resultUrl');
  const timeoutUrl = checkUrl(config, request.timeoutUrl, 'timeoutUrl');
  const receiver = checkShortcode(request.shortcode ?? config.shortcode, 'shortcode');
  const remarks = checkRemarks(request.remarks, 'remarks', 'Reversal');
  const occasion = checkRemarks(request.occasion, 'occasion', '');
  const { name, securityCredential } = initiator(config, 'Reversal');
  return {
    Initiator: name,
    SecurityCredential: securityCredential,
    CommandID: 'TransactionReversal',
    TransactionID: transactionId,
    Amount: shillings,
    ReceiverParty: receiver,
    RecieverIdentifierType: RECEIVER_IDENTIFIER,
    ResultURL: resultUrl,
    QueueTimeOutURL: timeoutUrl,
    Remarks: remarks,
    Occasion: occasion,
  };
}

export async function requestReversal(
  config: DarajaConfig,
  tokens: AccessTokens,
  request: ReversalRequest,
): Promise<DarajaAsyncAccepted> {
  return sendAsyncRequest(config, tokens, {
    operation: 'reversal',
    path: REVERSAL_PATH,
    json: buildReversalPayload(config, request),
    signal: request.signal,
  });
}

export function parseReversalResult(
  config: DarajaConfig,
  input: CallbackInput,
): DarajaReversalResult {
  const result = parseAsyncResult(config, input, 'reversal result');
  const original = textParameter(result, 'OriginalTransactionID');
  if (!result.ok) {
    return {
      ...result,
      status: 'failed',
      ...(original ? { originalTransactionId: original } : {}),
    };
  }
  const balance = textParameter(result, 'DebitAccountBalance');
  return {
    ...result,
    status: 'completed',
    originalTransactionId: original,
    amount: shillingsToMoney(result.parameters.Amount),
    charge: shillingsToMoney(result.parameters.Charge),
    completedAt: resultTime(result.parameters.TransCompletedTime),
    creditParty: textParameter(result, 'CreditPartyPublicName'),
    debitParty: textParameter(result, 'DebitPartyPublicName'),
    debitAccountBalance: balance === undefined ? undefined : parseAccountBalances(balance)[0],
  };
}
