/**
 * Transaction status: asks Daraja where any M-Pesa transaction of the shortcode stands, by its
 * transaction id (receipt). Queued like every org operation; the answer arrives at the ResultURL.
 * Safe to repeat.
 */
import type { CallbackInput, Money, PaymentStatus } from '@lipwa/core';
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
  checkRemarks,
  checkShortcode,
  checkTransactionId,
  checkUrl,
  initiator,
} from './operation-input.js';

export const TRANSACTION_STATUS_PATH = '/mpesa/transactionstatus/v1/query';
/** IdentifierType 4: PartyA is an organisation shortcode. */
const SHORTCODE_IDENTIFIER = '4';

export interface TransactionStatusRequest {
  /** The M-Pesa transaction id (receipt) to look up, e.g. `NLJ7RT61SV`. */
  readonly transactionId: string;
  readonly resultUrl: string;
  readonly timeoutUrl: string;
  /** 2-100 characters; default "Transaction status". */
  readonly remarks?: string;
  readonly occasion?: string;
  /** The shortcode the transaction belongs to; default the configured shortcode. */
  readonly shortcode?: string;
  readonly signal?: AbortSignal;
}

export interface DarajaTransactionStatusResult extends DarajaAsyncResult {
  /** `ReceiptNo`, the transaction looked up. */
  readonly receipt?: string | undefined;
  /** `TransactionStatus` as Daraja wrote it (`Completed`, …). */
  readonly transactionStatus?: string | undefined;
  /** That status in Lipwa's words, when it is one Lipwa knows. */
  readonly status?: PaymentStatus | undefined;
  readonly amount?: Money | undefined;
  readonly debitParty?: string | undefined;
  readonly creditParty?: string | undefined;
  readonly initiatedAt?: string | undefined;
  readonly finalisedAt?: string | undefined;
  readonly reasonType?: string | undefined;
}

const knownStatuses: Readonly<Record<string, PaymentStatus>> = {
  completed: 'completed',
  reversed: 'reversed',
  failed: 'failed',
  declined: 'failed',
  cancelled: 'cancelled',
  expired: 'expired',
  pending: 'pending',
};

export function buildTransactionStatusPayload(
  config: DarajaConfig,
  request: TransactionStatusRequest,
) {
  const transactionId = checkTransactionId(request.transactionId);
  const resultUrl = checkUrl(config, request.resultUrl, 'resultUrl');
  const timeoutUrl = checkUrl(config, request.timeoutUrl, 'timeoutUrl');
  const partyA = checkShortcode(request.shortcode ?? config.shortcode, 'shortcode');
  const remarks = checkRemarks(request.remarks, 'remarks', 'Transaction status');
  const occasion = checkRemarks(request.occasion, 'occasion', '');
  const { name, securityCredential } = initiator(config, 'Transaction status');
  return {
    Initiator: name,
    SecurityCredential: securityCredential,
    CommandID: 'TransactionStatusQuery',
    TransactionID: transactionId,
    PartyA: partyA,
    IdentifierType: SHORTCODE_IDENTIFIER,
    ResultURL: resultUrl,
    QueueTimeOutURL: timeoutUrl,
    Remarks: remarks,
    Occasion: occasion,
  };
}

export async function queryTransactionStatus(
  config: DarajaConfig,
  tokens: AccessTokens,
  request: TransactionStatusRequest,
): Promise<DarajaAsyncAccepted> {
  return sendAsyncRequest(config, tokens, {
    operation: 'transaction-status',
    path: TRANSACTION_STATUS_PATH,
    json: buildTransactionStatusPayload(config, request),
    signal: request.signal,
  });
}

export function parseTransactionStatusResult(
  config: DarajaConfig,
  input: CallbackInput,
): DarajaTransactionStatusResult {
  const result = parseAsyncResult(config, input, 'transaction status result');
  if (!result.ok) return result;
  const transactionStatus = textParameter(result, 'TransactionStatus');
  const key = transactionStatus?.toLowerCase();
  return {
    ...result,
    receipt: textParameter(result, 'ReceiptNo'),
    transactionStatus,
    status: key !== undefined && Object.hasOwn(knownStatuses, key) ? knownStatuses[key] : undefined,
    amount: shillingsToMoney(result.parameters.Amount),
    debitParty: textParameter(result, 'DebitPartyName'),
    creditParty: textParameter(result, 'CreditPartyName'),
    initiatedAt: resultTime(result.parameters.InitiatedTime),
    finalisedAt: resultTime(result.parameters.FinalisedTime),
    reasonType: textParameter(result, 'ReasonType'),
  };
}
