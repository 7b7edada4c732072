/**
 * The gateway's orders: `payment_c2b` opens one (idempotent by merchant and `order_id`: a
 * repeat replays the first answer and prompts nobody), the shared virtual phone settles it in
 * the gateway's codes, and a signed callback goes to the order's `callback_url`. `status`
 * reads an order as it stands.
 */
import { maskMsisdn } from '@lipwa/core';
import { receiptNumber } from '../daraja/receipt-number.js';
import type { SimulatorKit } from '../kit.js';
import { magicOutcome, type Outcome } from '../outcomes.js';
import { invalidRequest } from './gateway-error.js';
import {
  acceptedCodes,
  busyCodes,
  type GatewayCodes,
  gatewayCodesOf,
  testProviderCodes,
} from './gateway-outcomes.js';
import type { PaymentC2bRequest } from './gateway-request.js';
import { GATEWAY_TEST_PROVIDER_ID, gatewaySandbox } from './gateway-sandbox.js';
import { withGatewaySignature } from './gateway-signature.js';
import { serviceDateTime } from './gateway-time.js';

/** The versions the documentation's samples show for each answer, kept as they are typed there. */
const C2B_SERVICE_VERSION = '1.03/1.14|1.0/1.26|1.0/1.0|1.01/1.01|1.01/1.01||1.01/1.27';
const STATUS_SERVICE_VERSION = 11.1;
const CALLBACK_SERVICE_VERSION = '5.2.0';
const SERVICE_ID = 1;
/** The merchant's destination (shortcode) the prompt names, as in the paybill sample. */
const DESTINATION = '7000000';

export type GatewayAnswer = Record<string, unknown>;

interface Order {
  readonly merchantId: string;
  readonly orderId: string;
  readonly transactionId: string;
  readonly request: PaymentC2bRequest;
  codes: GatewayCodes;
  transactionRef: string;
  /** The first answer, replayed as it was to a repeat of the same order_id. */
  firstAnswer?: GatewayAnswer;
}

export interface GatewayOrders {
  /** Opens (or replays) a c2b order and answers as the gateway does. */
  pay(request: PaymentC2bRequest): GatewayAnswer;
  /** The order as it stands; 404 with result code 4 when the merchant has no such order. */
  status(merchantId: string, orderId: string): GatewayAnswer;
  has(merchantId: string, orderId: string): boolean;
  reset(): void;
}

export function createGatewayOrders(kit: SimulatorKit): GatewayOrders {
  const orders = new Map<string, Order>();
  let sequence = 0;
  const key = (merchantId: string, orderId: string) => `${merchantId}\u0000${orderId}`;

  function answerOf(order: Order, serviceVersion: string | number): GatewayAnswer {
    return {
      order_id: order.orderId,
      transaction_id: order.transactionId,
      transaction_ref: order.transactionRef,
      status: order.codes.status,
      result: { ...order.codes.result },
      provider_result: { ...order.codes.providerResult },
      service_id: SERVICE_ID,
      service_version: serviceVersion,
      service_date_time: serviceDateTime(kit.now()),
      // Only the documented provider-14 answer shows confirm_type.
      ...(order.request.provider_id === GATEWAY_TEST_PROVIDER_ID ? { confirm_type: 0 } : {}),
    };
  }

  function callback(order: Order, copies: number): Promise<void> {
    const url = order.request.callback_url;
    if (url === undefined) return Promise.resolve();
    // The generic callback: no status, only the result; the merchant confirms with `status`.
    const body = withGatewaySignature(
      {
        transaction_id: order.transactionId,
        order_id: order.orderId,
        service_id: SERVICE_ID,
        service_version: CALLBACK_SERVICE_VERSION,
        service_date_time: serviceDateTime(kit.now()),
        result: { ...order.codes.result },
      },
      gatewaySandbox.secretKey,
    );
    return kit.deliver(
      { provider: 'gateway', requestId: order.orderId, url, body, rawBody: JSON.stringify(body) },
      copies,
    );
  }

  function settle(order: Order, outcome: Outcome, copies: number): Promise<void> {
    order.codes = gatewayCodesOf[outcome];
    if (outcome === 'paid') order.transactionRef = receiptNumber(kit.now());
    kit.log(
      `gateway ${order.orderId} ${maskMsisdn(order.request.customer_id)} settled status ${order.codes.status} (provider ${order.codes.providerResult.code})`,
    );
    return kit.track(callback(order, copies));
  }

  function open(request: PaymentC2bRequest, codes: GatewayCodes): Order {
    sequence += 1;
    const order: Order = {
      merchantId: request.merchant_id,
      orderId: request.order_id,
      // Twelve digits, like the samples' 732007046722.
      transactionId: String(732_000_000_000 + sequence),
      request,
      codes,
      transactionRef: '',
    };
    orders.set(key(order.merchantId, order.orderId), order);
    return order;
  }

  return {
    pay(request) {
      const existing = orders.get(key(request.merchant_id, request.order_id));
      if (existing?.firstAnswer) return existing.firstAnswer;
      const phone = maskMsisdn(request.customer_id);
      let order: Order;
      if (request.provider_id === GATEWAY_TEST_PROVIDER_ID) {
        order = open(request, testProviderCodes);
      } else if (magicOutcome(request.customer_id)?.kind === 'refuse') {
        order = open(request, busyCodes);
        kit.log(`gateway ${request.order_id} refused for ${phone}: subscriber busy`);
      } else {
        order = open(request, acceptedCodes);
        kit.phones.open({
          id: order.transactionId,
          provider: 'gateway',
          phone: request.customer_id,
          amount: request.amount,
          currency: request.currency,
          payee: DESTINATION,
          reference: request.order_id,
          settle: (outcome, copies) => settle(order, outcome, copies),
        });
      }
      order.firstAnswer = answerOf(order, C2B_SERVICE_VERSION);
      return order.firstAnswer;
    },
    status(merchantId, orderId) {
      const order = orders.get(key(merchantId, orderId));
      if (!order) throw invalidRequest('unknown order_id', 404);
      return answerOf(order, STATUS_SERVICE_VERSION);
    },
    has: (merchantId, orderId) => orders.has(key(merchantId, orderId)),
    reset() {
      orders.clear();
    },
  };
}
