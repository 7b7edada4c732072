/**
 * The typed clients for the gateway's operations beyond `payment_c2b`, as the adapter exposes
 * them (`paymentGateway(...).b2c.send(...)`).
 */
import type { CallbackInput } from '@lipwa/core';
import { orderId } from './gateway-input.js';
import { type GatewayOperationResult, operationStatus } from './gateway-operation.js';
import type { GatewayConfig } from './gateway-options.js';
import type { GatewaySigner } from './gateway-signature.js';
import {
  acceptPaybill,
  acknowledgePaybill,
  type GatewayAnswerToRequest,
  type GatewayPaybillPayment,
  parsePaybill,
  rejectPaybill,
} from './paybill.js';
import { confirmPayout, type GatewayPayoutRequest, sendPayout } from './payout.js';
import { type GatewayPosRequest, posDeposit, posWithdrawal } from './pos.js';

export interface GatewayPayoutsClient {
  /** `payment_b2c`; when `needsConfirmation`, call `confirm` with the code. */
  send(request: GatewayPayoutRequest): Promise<GatewayOperationResult>;
  /** The second `payment_b2c`, same request plus the confirmation code. */
  confirm(request: GatewayPayoutRequest, confirmationCode: string): Promise<GatewayOperationResult>;
  /** `status` for the payout's order id. */
  status(orderId: string, options?: { signal?: AbortSignal }): Promise<GatewayOperationResult>;
}

export interface GatewayPosClient {
  deposit(request: GatewayPosRequest): Promise<GatewayOperationResult>;
  /** Pass the customer's OTP as `confirmationCode` when it is known, or call `confirmWithdrawal`. */
  withdrawal(
    request: GatewayPosRequest,
    confirmationCode?: string,
  ): Promise<GatewayOperationResult>;
  confirmWithdrawal(
    request: GatewayPosRequest,
    confirmationCode: string,
  ): Promise<GatewayOperationResult>;
  status(orderId: string, options?: { signal?: AbortSignal }): Promise<GatewayOperationResult>;
}

export interface GatewayPaybillClient {
  /** Verifies and reads a paybill callback (the money arrived); answer with `acknowledge()`. */
  parseCallback(input: CallbackInput): Promise<GatewayPaybillPayment>;
  /** Verifies and reads a validation request; answer with `accept()` or `reject()`. */
  parseValidation(input: CallbackInput): Promise<GatewayPaybillPayment>;
  accept(): GatewayAnswerToRequest;
  reject(message?: string): GatewayAnswerToRequest;
  acknowledge(): GatewayAnswerToRequest;
}

export interface GatewayTransactionsClient {
  /** `status` by order id for any operation, with every code the gateway gave. */
  status(orderId: string, options?: { signal?: AbortSignal }): Promise<GatewayOperationResult>;
}

export interface GatewayClients {
  readonly b2c: GatewayPayoutsClient;
  readonly pos: GatewayPosClient;
  readonly paybill: GatewayPaybillClient;
  readonly transactions: GatewayTransactionsClient;
}

export function createGatewayClients(config: GatewayConfig, signer: GatewaySigner): GatewayClients {
  const status = async (id: string, options: { signal?: AbortSignal } = {}) =>
    operationStatus(config, signer, orderId(id), options.signal);
  return Object.freeze({
    b2c: Object.freeze({
      send: (request: GatewayPayoutRequest) => sendPayout(config, signer, request),
      confirm: (request: GatewayPayoutRequest, code: string) =>
        confirmPayout(config, signer, request, code),
      status,
    }),
    pos: Object.freeze({
      deposit: (request: GatewayPosRequest) => posDeposit(config, signer, request),
      withdrawal: (request: GatewayPosRequest, code?: string) =>
        posWithdrawal(config, signer, request, code),
      confirmWithdrawal: (request: GatewayPosRequest, code: string) =>
        posWithdrawal(config, signer, request, code),
      status,
    }),
    paybill: Object.freeze({
      parseCallback: (input: CallbackInput) => parsePaybill(config, signer, input, 'callback'),
      parseValidation: (input: CallbackInput) =>
        parsePaybill(config, signer, input, 'validation request'),
      accept: acceptPaybill,
      reject: rejectPaybill,
      acknowledge: acknowledgePaybill,
    }),
    transactions: Object.freeze({ status }),
  });
}
