/**
 * The typed clients for Daraja's operations beyond the STK push, as the adapter exposes them
 * (`daraja(...).b2c.send(...)`): each sends its request and parses (after checking the source)
 * the async result or C2B request Daraja posts back.
 */
import type { CallbackInput } from '@lipwa/core';
import type { AccessTokens } from './access-token.js';
import {
  type BalanceRequest,
  type DarajaBalanceResult,
  parseBalanceResult,
  queryBalance,
} from './account-balance.js';
import type { DarajaAsyncAccepted } from './async-request.js';
import { type B2cRequest, type DarajaB2cResult, parseB2cResult, sendB2c } from './b2c.js';
import {
  type C2bAccepted,
  type RegisterUrlsRequest,
  registerC2bUrls,
  type SimulateC2bRequest,
  simulateC2b,
} from './c2b.js';
import {
  acceptC2b,
  acknowledgeC2b,
  type C2bRejectionCode,
  type DarajaC2bPayment,
  type DarajaCallbackAnswer,
  parseC2bPayment,
  rejectC2b,
} from './c2b-payment.js';
import type { DarajaConfig } from './daraja-options.js';
import {
  type DarajaReversalResult,
  parseReversalResult,
  type ReversalRequest,
  requestReversal,
} from './reversal.js';
import {
  type DarajaTransactionStatusResult,
  parseTransactionStatusResult,
  queryTransactionStatus,
  type TransactionStatusRequest,
} from './transaction-status.js';

export interface DarajaC2bClient {
  /** Registers the shortcode's validation and confirmation URLs. */
  registerUrls(request: RegisterUrlsRequest): Promise<C2bAccepted>;
  /** Sandbox only: a customer pays the paybill or till. */
  simulate(request: SimulateC2bRequest): Promise<C2bAccepted>;
  /** Checks the source and parses a validation request; answer with `accept()` or `reject(code)`. */
  parseValidation(input: CallbackInput): DarajaC2bPayment;
  /** Checks the source and parses a confirmation (the money arrived); answer with `acknowledge()`. */
  parseConfirmation(input: CallbackInput): DarajaC2bPayment;
  accept(): DarajaCallbackAnswer;
  reject(code?: C2bRejectionCode): DarajaCallbackAnswer;
  acknowledge(): DarajaCallbackAnswer;
}

export interface DarajaB2cClient {
  /** Pays a customer; the outcome arrives at `resultUrl`. */
  send(request: B2cRequest): Promise<DarajaAsyncAccepted>;
  parseResult(input: CallbackInput): DarajaB2cResult;
}

export interface DarajaTransactionStatusClient {
  query(request: TransactionStatusRequest): Promise<DarajaAsyncAccepted>;
  parseResult(input: CallbackInput): DarajaTransactionStatusResult;
}

export interface DarajaReversalClient {
  request(request: ReversalRequest): Promise<DarajaAsyncAccepted>;
  parseResult(input: CallbackInput): DarajaReversalResult;
}

export interface DarajaBalanceClient {
  query(request: BalanceRequest): Promise<DarajaAsyncAccepted>;
  parseResult(input: CallbackInput): DarajaBalanceResult;
}

export interface DarajaClients {
  readonly c2b: DarajaC2bClient;
  readonly b2c: DarajaB2cClient;
  readonly transactionStatus: DarajaTransactionStatusClient;
  readonly reversal: DarajaReversalClient;
  readonly balance: DarajaBalanceClient;
}

export function createDarajaClients(config: DarajaConfig, tokens: AccessTokens): DarajaClients {
  return Object.freeze({
    c2b: Object.freeze({
      registerUrls: (request: RegisterUrlsRequest) => registerC2bUrls(config, tokens, request),
      simulate: (request: SimulateC2bRequest) => simulateC2b(config, tokens, request),
      parseValidation: (input: CallbackInput) => parseC2bPayment(config, input, 'validation'),
      parseConfirmation: (input: CallbackInput) => parseC2bPayment(config, input, 'confirmation'),
      accept: acceptC2b,
      reject: rejectC2b,
      acknowledge: acknowledgeC2b,
    }),
    b2c: Object.freeze({
      send: (request: B2cRequest) => sendB2c(config, tokens, request),
      parseResult: (input: CallbackInput) => parseB2cResult(config, input),
    }),
    transactionStatus: Object.freeze({
      query: (request: TransactionStatusRequest) => queryTransactionStatus(config, tokens, request),
      parseResult: (input: CallbackInput) => parseTransactionStatusResult(config, input),
    }),
    reversal: Object.freeze({
      request: (request: ReversalRequest) => requestReversal(config, tokens, request),
      parseResult: (input: CallbackInput) => parseReversalResult(config, input),
    }),
    balance: Object.freeze({
      query: (request: BalanceRequest) => queryBalance(config, tokens, request),
      parseResult: (input: CallbackInput) => parseBalanceResult(config, input),
    }),
  });
}
