/**
 * The gateway's payouts (`payment_b2c`) and POS withdrawals: money out, with the documented
 * second step. The first request is answered at once; when a confirmation is needed it answers
 * status 0 with `confirm_type` 1 and waits for the same request again with `confirmation_code`
 * (result 1 INVALID PIN, 2 PIN IS BLANK, 3 INVALID PIN LENGTH while it is wrong). Everything is
 * idempotent by merchant and `order_id`: a repeat replays the answer it had.
 *
 * Assumed where the document is silent: payouts of KES 10,000.00 or more need confirmation
 * (POS withdrawals always do, unless the first request carries the code); the sandbox code is
 * 123456; a payout settles after the auto-resolve delay (magic numbers: 254711000001 fails for
 * insufficient funds, 254711000099 loses the callback, 254711000098 doubles it, 254711000017 is
 * refused as busy; anything else succeeds).
 */
import { maskMsisdn } from '@lipwa/core';
import { receiptNumber } from '../daraja/receipt-number.js';
import type { SimulatorKit } from '../kit.js';
import { magicOutcome } from '../outcomes.js';
import {
  confirmationRefusal,
  type GatewayAnswer,
  operationAnswer,
  sendGenericCallback,
} from './gateway-answers.js';
import {
  acceptedCodes,
  busyCodes,
  type GatewayCodes,
  GatewayStatus,
  testProviderCodes,
} from './gateway-outcomes.js';
import { GATEWAY_TEST_PROVIDER_ID } from './gateway-sandbox.js';

/** Payouts from this amount (in major units) need the second step. */
export const CONFIRMATION_THRESHOLD = 10_000;

const ok = { code: 0, message: 'OK' } as const;

export const awaitingConfirmationCodes: GatewayCodes = Object.freeze({
  status: 0,
  result: ok,
  providerResult: { code: 0, message: 'Awaiting confirmation' },
});

const paidCodes: GatewayCodes = Object.freeze({
  status: GatewayStatus.Success,
  result: ok,
  providerResult: { code: 0, message: 'The service request is processed successfully.' },
});

const noFundsCodes: GatewayCodes = Object.freeze({
  status: GatewayStatus.Failed,
  result: ok,
  providerResult: { code: 1, message: 'The balance is insufficient for the transaction.' },
});

/** What a payout or withdrawal request carries that this module reads. */
export interface MoneyOutRequest {
  readonly merchant_id: string;
  readonly order_id: string;
  readonly customer_id: string;
  readonly amount: string;
  readonly currency: string;
  readonly provider_id: number;
  readonly callback_url?: string | undefined;
  readonly confirmation_code?: string | undefined;
}

interface Order {
  readonly kind: 'payout' | 'withdrawal';
  readonly request: MoneyOutRequest;
  readonly transactionId: string;
  codes: GatewayCodes;
  transactionRef: string;
  confirmType: 0 | 1;
  firstAnswer?: GatewayAnswer;
  confirmedAnswer?: GatewayAnswer;
}

export interface MoneyOut {
  /** Opens, confirms or replays an order; answers as the gateway does. */
  handle(kind: 'payout' | 'withdrawal', request: MoneyOutRequest): GatewayAnswer;
  has(merchantId: string, orderId: string): boolean;
  statusOf(merchantId: string, orderId: string): GatewayAnswer | undefined;
  reset(): void;
}

export interface MoneyOutOptions {
  /** Where a completed withdrawal is reported (POS has no per-request callback URL). */
  readonly notificationUrl: () => string | undefined;
}

export function createMoneyOut(kit: SimulatorKit, options: MoneyOutOptions): MoneyOut {
  const orders = new Map<string, Order>();
  const timers = new Set<() => void>();
  let sequence = 0;
  const key = (merchantId: string, orderId: string) => `${merchantId}\u0000${orderId}`;

  function answer(order: Order): GatewayAnswer {
    return operationAnswer(kit, {
      orderId: order.request.order_id,
      transactionId: order.transactionId,
      transactionRef: order.transactionRef,
      codes: order.codes,
      confirmType: order.confirmType,
    });
  }

  function callbackUrl(order: Order): string | undefined {
    return order.kind === 'payout' ? order.request.callback_url : options.notificationUrl();
  }

  function settle(order: Order): void {
    const magic = magicOutcome(order.request.customer_id);
    const copies = magic?.kind === 'settle' ? magic.callbacks : 1;
    if (magic?.kind === 'settle' && magic.outcome === 'insufficient_funds') {
      order.codes = noFundsCodes;
    } else {
      order.codes = paidCodes;
      order.transactionRef = receiptNumber(kit.now());
    }
    kit.log(
      `gateway ${order.kind} ${order.request.order_id} to ${maskMsisdn(order.request.customer_id)} settled status ${order.codes.status}`,
    );
    void kit.track(
      sendGenericCallback(
        kit,
        callbackUrl(order),
        { orderId: order.request.order_id, transactionId: order.transactionId, codes: order.codes },
        copies,
      ),
    );
  }

  /** The request is confirmed (or needs none): payouts settle later, withdrawals at once. */
  function proceed(order: Order): void {
    order.confirmType = 0;
    if (order.kind === 'withdrawal') {
      settle(order);
      return;
    }
    order.codes = acceptedCodes;
    const cancel = kit.scheduler.schedule(kit.config.autoResolveDelayMs, () => {
      timers.delete(cancel);
      settle(order);
    });
    timers.add(cancel);
  }

  function confirm(order: Order, code: string): GatewayAnswer {
    if (order.confirmedAnswer) return order.confirmedAnswer;
    const refusal = confirmationRefusal(code);
    if (refusal) {
      kit.log(
        `gateway ${order.kind} ${order.request.order_id}: confirmation refused (${refusal.message})`,
      );
      return answer({ ...order, codes: { ...order.codes, result: refusal } });
    }
    proceed(order);
    order.confirmedAnswer = answer(order);
    return order.confirmedAnswer;
  }

  function open(kind: Order['kind'], request: MoneyOutRequest): Order {
    sequence += 1;
    const order: Order = {
      kind,
      request,
      // Twelve digits, like the samples' 532007056722.
      transactionId: String(532_000_000_000 + sequence),
      codes: awaitingConfirmationCodes,
      transactionRef: '',
      confirmType: 1,
    };
    orders.set(key(request.merchant_id, request.order_id), order);
    const magic = magicOutcome(request.customer_id);
    if (request.provider_id === GATEWAY_TEST_PROVIDER_ID) {
      order.codes = testProviderCodes;
      order.confirmType = 0;
    } else if (magic?.kind === 'refuse') {
      order.codes = busyCodes;
      order.confirmType = 0;
    } else if (kind === 'payout' && Number(request.amount) < CONFIRMATION_THRESHOLD) {
      proceed(order);
    }
    return order;
  }

  return {
    handle(kind, request) {
      const existing = orders.get(key(request.merchant_id, request.order_id));
      const code = request.confirmation_code;
      if (existing) {
        if (code === undefined || existing.firstAnswer?.confirm_type === 0) {
          return existing.firstAnswer ?? answer(existing);
        }
        return confirm(existing, code);
      }
      const order = open(kind, request);
      order.firstAnswer = answer(order);
      // A withdrawal that already carries the customer's code is confirmed in the same request.
      if (code !== undefined && order.confirmType === 1) return confirm(order, code);
      return order.firstAnswer;
    },
    has: (merchantId, orderId) => orders.has(key(merchantId, orderId)),
    statusOf(merchantId, orderId) {
      const order = orders.get(key(merchantId, orderId));
      if (!order) return undefined;
      // A status answer carries no confirm_type.
      const { confirm_type: _, ...status } = answer(order);
      return status;
    },
    reset() {
      for (const cancel of timers) cancel();
      timers.clear();
      orders.clear();
    },
  };
}
