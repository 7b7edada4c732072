/**
 * Paybill payments customers make from the M-Pesa menu, as the gateway reports them: the URLs
 * the merchant gave the gateway's tech team (a callback URL and, optionally, a validation URL),
 * and the payment itself. The validation request has the paybill callback format (status 1, no
 * receipt yet), signed; only a JSON answer with `"code":0` takes the payment, anything else
 * (or no answer) cancels it with Safaricom. A taken payment is reported with a signed paybill
 * callback (`operation_type` 32) and can be read with `status` by its gateway-made `order_id`.
 *
 * The gateway has no API for either step (the URLs are "reported to us", the customer pays on
 * the phone), so the simulator offers them as sandbox endpoints; assumed: a cancelled payment is
 * not called back, and validation gets as long as a callback delivery to answer.
 */
import { maskMsisdn } from '@lipwa/core';
import { receiptNumber } from '../daraja/receipt-number.js';
import type { SimulatorKit } from '../kit.js';
import { magicOutcome } from '../outcomes.js';
import { type GatewayAnswer, operationAnswer, SERVICE_ID } from './gateway-answers.js';
import { type GatewayCodes, GatewayStatus } from './gateway-outcomes.js';
import { gatewaySandbox } from './gateway-sandbox.js';
import { withGatewaySignature } from './gateway-signature.js';
import { serviceDateTime } from './gateway-time.js';

export const PAYBILL_OPERATION_TYPE = 32;
const PAYBILL_SERVICE_VERSION = '1.03/1.0|1.0/1.26|1.0/1.0|1.01/1.0|1.01/1.0||1.01/1.27';
/** The merchant's shortcode the paybill sample shows. */
export const PAYBILL_DESTINATION = '7000000';

export interface PaybillUrls {
  readonly callbackUrl: string;
  readonly validationUrl?: string | undefined;
}

export interface PaybillPayment {
  /** `2547…` */
  readonly customerId: string;
  readonly billRefNumber: string;
  /** `"100.00"` */
  readonly amount: string;
  readonly firstName?: string | undefined;
}

export type PaybillVerdict = 'completed' | 'cancelled' | 'not-sent';

export interface Paybill {
  register(urls: PaybillUrls): void;
  /** The URL POS and paybill notifications go to, once registered. */
  callbackUrl(): string | undefined;
  /** The customer pays now: validation, then the callback. Returns the order id at once. */
  pay(payment: PaybillPayment): { orderId: string; done: Promise<PaybillVerdict> };
  statusOf(merchantId: string, orderId: string): GatewayAnswer | undefined;
  reset(): void;
}

const ok = { code: 0, message: 'OK' } as const;

const codesFor: Record<'validating' | 'completed' | 'cancelled', GatewayCodes> = {
  validating: {
    status: GatewayStatus.InProgress,
    result: ok,
    providerResult: { code: 0, message: '' },
  },
  completed: {
    status: GatewayStatus.Success,
    result: ok,
    providerResult: { code: 0, message: '' },
  },
  cancelled: {
    status: GatewayStatus.Cancelled,
    result: ok,
    providerResult: { code: 0, message: 'Cancelled by merchant validation' },
  },
};

/** `254708374149` -> `2547 ***** 149`, the gateway's masking. */
function gatewayMask(phone: string): string {
  return `${phone.slice(0, 4)} ***** ${phone.slice(-3)}`;
}

/** `2023-03-15-15-25-12-255432`: the sample's timestamp-shaped order id, made unique. */
function paybillOrderId(epochMs: number, sequence: number): string {
  const iso = new Date(epochMs).toISOString();
  const stamp = `${iso.slice(0, 10)}-${iso.slice(11, 19).replace(/:/g, '-')}`;
  return `${stamp}-${String(sequence).padStart(6, '0')}`;
}

interface Order {
  readonly orderId: string;
  readonly payment: PaybillPayment;
  transactionRef: string;
  codes: GatewayCodes;
}

async function askValidation(url: string, body: unknown, timeoutMs: number): Promise<boolean> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const answer = (await response.json()) as { code?: unknown };
    return response.ok && answer?.code === 0;
  } catch {
    return false;
  }
}

export function createPaybill(kit: SimulatorKit): Paybill {
  let urls: PaybillUrls | undefined;
  const orders = new Map<string, Order>();
  let sequence = 0;

  function body(order: Order) {
    const { payment } = order;
    return withGatewaySignature(
      {
        merchant_id: gatewaySandbox.merchantId,
        operation_type: PAYBILL_OPERATION_TYPE,
        customer_id: gatewayMask(payment.customerId),
        amount: Number(payment.amount),
        currency: 'KES',
        order_id: order.orderId,
        transaction_id: '',
        transaction_ref: order.transactionRef,
        status: order.codes.status,
        provider_id: gatewaySandbox.providerId,
        destination_id: PAYBILL_DESTINATION,
        result: { ...order.codes.result },
        provider_result: { ...order.codes.providerResult },
        service_id: SERVICE_ID,
        service_version: PAYBILL_SERVICE_VERSION,
        service_date_time: serviceDateTime(kit.now()),
        extra: {
          BillRefNumber: payment.billRefNumber,
          FirstName: (payment.firstName ?? 'SIMULATED').toUpperCase(),
          MiddleName: '',
          LastName: '',
        },
      },
      gatewaySandbox.secretKey,
    );
  }

  async function run(order: Order, registered: PaybillUrls, copies: 0 | 1 | 2) {
    const who = maskMsisdn(order.payment.customerId);
    if (registered.validationUrl !== undefined) {
      const taken = await askValidation(
        registered.validationUrl,
        body(order),
        kit.config.callbackTimeoutMs,
      );
      if (!taken) {
        order.codes = codesFor.cancelled;
        kit.log(`gateway paybill ${order.orderId} from ${who}: refused by validation, cancelled`);
        return 'cancelled' as const;
      }
    }
    order.codes = codesFor.completed;
    order.transactionRef = receiptNumber(kit.now());
    kit.log(`gateway paybill ${order.orderId} from ${who}: completed`);
    const signed = body(order);
    await kit.deliver(
      {
        provider: 'gateway',
        requestId: order.orderId,
        url: registered.callbackUrl,
        body: signed,
        rawBody: JSON.stringify(signed),
      },
      copies,
    );
    return 'completed' as const;
  }

  return {
    register(next) {
      urls = next;
      kit.log(`gateway paybill URLs registered${next.validationUrl ? ' (with validation)' : ''}`);
    },
    callbackUrl: () => urls?.callbackUrl,
    pay(payment) {
      sequence += 1;
      const orderId = paybillOrderId(kit.now(), sequence);
      const magic = magicOutcome(payment.customerId);
      if (
        urls === undefined ||
        magic?.kind === 'refuse' ||
        (magic?.kind === 'settle' && magic.outcome !== 'paid')
      ) {
        kit.log(
          `gateway paybill from ${maskMsisdn(payment.customerId)}: nothing reached the merchant`,
        );
        return { orderId, done: Promise.resolve('not-sent') };
      }
      const order: Order = { orderId, payment, transactionRef: '', codes: codesFor.validating };
      orders.set(orderId, order);
      const copies = magic?.kind === 'settle' ? magic.callbacks : 1;
      return { orderId, done: kit.track(run(order, urls, copies)) };
    },
    statusOf(merchantId, orderId) {
      const order = orders.get(orderId);
      if (!order || merchantId !== gatewaySandbox.merchantId) return undefined;
      return operationAnswer(kit, {
        orderId,
        transactionId: '',
        transactionRef: order.transactionRef,
        codes: order.codes,
        paid: {
          amount: order.payment.amount,
          currency: 'KES',
          customer: gatewayMask(order.payment.customerId),
        },
      });
    },
    reset() {
      urls = undefined;
      orders.clear();
    },
  };
}
