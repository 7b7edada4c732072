/**
 * POS cash deposits (`/{public_id}/deposit`, path assumed as payment-gateway.md says): cash
 * handed over at a terminal and credited to the customer's account with the merchant. Nothing
 * waits on a phone, so the answer is final at once (status 2 with a receipt); the merchant hears
 * about it at its configured URL. Idempotent by merchant and `order_id`.
 */
import { maskMsisdn } from '@lipwa/core';
import { receiptNumber } from '../daraja/receipt-number.js';
import type { SimulatorKit } from '../kit.js';
import { type GatewayAnswer, operationAnswer, sendGenericCallback } from './gateway-answers.js';
import { type GatewayCodes, GatewayStatus } from './gateway-outcomes.js';
import type { PosDepositRequest } from './gateway-request.js';

const depositedCodes: GatewayCodes = Object.freeze({
  status: GatewayStatus.Success,
  result: { code: 0, message: 'OK' },
  providerResult: { code: 0, message: 'OK' },
});

interface Deposit {
  /** Replayed as it was to a repeat of the same order_id. */
  readonly firstAnswer: GatewayAnswer;
  readonly answer: () => GatewayAnswer;
}

export interface Deposits {
  deposit(request: PosDepositRequest): GatewayAnswer;
  has(merchantId: string, orderId: string): boolean;
  statusOf(merchantId: string, orderId: string): GatewayAnswer | undefined;
  reset(): void;
}

export function createDeposits(
  kit: SimulatorKit,
  notificationUrl: () => string | undefined,
): Deposits {
  const deposits = new Map<string, Deposit>();
  let sequence = 0;
  const key = (merchantId: string, orderId: string) => `${merchantId}\u0000${orderId}`;

  return {
    deposit(request) {
      const existing = deposits.get(key(request.merchant_id, request.order_id));
      if (existing) return existing.firstAnswer;
      sequence += 1;
      const fields = {
        orderId: request.order_id,
        transactionId: String(632_000_000_000 + sequence),
        transactionRef: receiptNumber(kit.now()),
        codes: depositedCodes,
      };
      const firstAnswer = operationAnswer(kit, fields);
      deposits.set(key(request.merchant_id, request.order_id), {
        firstAnswer,
        answer: () => operationAnswer(kit, fields),
      });
      kit.log(
        `gateway deposit ${request.order_id} for ${maskMsisdn(request.customer_id)} completed`,
      );
      void kit.track(sendGenericCallback(kit, notificationUrl(), fields, 1));
      return firstAnswer;
    },
    has: (merchantId, orderId) => deposits.has(key(merchantId, orderId)),
    statusOf: (merchantId, orderId) => deposits.get(key(merchantId, orderId))?.answer(),
    reset() {
      deposits.clear();
    },
  };
}
