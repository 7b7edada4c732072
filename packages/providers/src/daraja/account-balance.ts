/**
 * Account balance: asks Daraja for the shortcode's accounts (working, utility, charges, …).
 * Queued; the balances arrive at the ResultURL as one `&`-joined text. Safe to repeat.
 */
import type { CallbackInput } from '@lipwa/core';
import type { AccessTokens } from './access-token.js';
import { type DarajaAsyncAccepted, sendAsyncRequest } from './async-request.js';
import {
  type DarajaAsyncResult,
  parseAsyncResult,
  resultTime,
  textParameter,
} from './async-result.js';
import { type BalanceAccount, parseAccountBalances } from './balance-accounts.js';
import type { DarajaConfig } from './daraja-options.js';
import { checkRemarks, checkShortcode, checkUrl, initiator } from './operation-input.js';

export const ACCOUNT_BALANCE_PATH = '/mpesa/accountbalance/v1/query';
const SHORTCODE_IDENTIFIER = '4';

export interface BalanceRequest {
  readonly resultUrl: string;
  readonly timeoutUrl: string;
  /** 2-100 characters; default "Account balance". */
  readonly remarks?: string;
  /** Default the configured shortcode. */
  readonly shortcode?: string;
  readonly signal?: AbortSignal;
}

export interface DarajaBalanceResult extends DarajaAsyncResult {
  /** Every account Daraja listed, in its order; empty when the query failed. */
  readonly accounts: readonly BalanceAccount[];
  readonly completedAt?: string | undefined;
}

export function buildBalancePayload(config: DarajaConfig, request: BalanceRequest) {
  const resultUrl = checkUrl(config, request.resultUrl, 'resultUrl');
  const timeoutUrl = checkUrl(config, request.timeoutUrl, 'timeoutUrl');
  const partyA = checkShortcode(request.shortcode ?? config.shortcode, 'shortcode');
  const remarks = checkRemarks(request.remarks, 'remarks', 'Account balance');
  const { name, securityCredential } = initiator(config, 'Account balance');
  return {
    Initiator: name,
    SecurityCredential: securityCredential,
    CommandID: 'AccountBalance',
    PartyA: partyA,
    IdentifierType: SHORTCODE_IDENTIFIER,
    Remarks: remarks,
    QueueTimeOutURL: timeoutUrl,
    ResultURL: resultUrl,
  };
}

export async function queryBalance(
  config: DarajaConfig,
  tokens: AccessTokens,
  request: BalanceRequest,
): Promise<DarajaAsyncAccepted> {
  return sendAsyncRequest(config, tokens, {
    operation: 'balance',
    path: ACCOUNT_BALANCE_PATH,
    json: buildBalancePayload(config, request),
    signal: request.signal,
  });
}

export function parseBalanceResult(
  config: DarajaConfig,
  input: CallbackInput,
): DarajaBalanceResult {
  const result = parseAsyncResult(config, input, 'account balance result');
  if (!result.ok) return { ...result, accounts: [] };
  const text = textParameter(result, 'AccountBalance');
  return {
    ...result,
    accounts: text === undefined ? [] : parseAccountBalances(text),
    completedAt: resultTime(result.parameters.BOCompletedTime),
  };
}
