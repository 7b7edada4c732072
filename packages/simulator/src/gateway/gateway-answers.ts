/**
 * The gateway's answer and generic callback bodies, for the operations beyond `payment_c2b`
 * (payouts, POS, paybill): the documented field order, codes from one `GatewayCodes`, and the
 * signed callback that only says something happened (the merchant asks `status` for what).
 */
import type { SimulatorKit } from '../kit.js';
import type { GatewayCodes } from './gateway-outcomes.js';
import { gatewaySandbox } from './gateway-sandbox.js';
import { withGatewaySignature } from './gateway-signature.js';
import { serviceDateTime } from './gateway-time.js';

export const SERVICE_ID = 1;
export const OPERATION_SERVICE_VERSION = 11.1;
export const CALLBACK_SERVICE_VERSION = '5.2.0';

export type GatewayAnswer = Record<string, unknown>;

export interface AnswerFields {
  readonly orderId: string;
  readonly transactionId: string;
  readonly transactionRef: string;
  readonly codes: GatewayCodes;
  /** Present on b2c and withdrawal answers. */
  readonly confirmType?: number | undefined;
  /** Paybill orders report what was paid, as their callbacks do. */
  readonly paid?: { readonly amount: string; readonly currency: string; readonly customer: string };
}

export function operationAnswer(kit: SimulatorKit, fields: AnswerFields): GatewayAnswer {
  return {
    order_id: fields.orderId,
    transaction_id: fields.transactionId,
    transaction_ref: fields.transactionRef,
    status: fields.codes.status,
    result: { ...fields.codes.result },
    provider_result: { ...fields.codes.providerResult },
    service_id: SERVICE_ID,
    service_version: OPERATION_SERVICE_VERSION,
    service_date_time: serviceDateTime(kit.now()),
    ...(fields.paid === undefined
      ? {}
      : {
          amount: fields.paid.amount,
          currency: fields.paid.currency,
          customer_id: fields.paid.customer,
        }),
    ...(fields.confirmType === undefined ? {} : { confirm_type: fields.confirmType }),
  };
}

/** Sends the generic signed callback `copies` times (callback faults apply). */
export function sendGenericCallback(
  kit: SimulatorKit,
  url: string | undefined,
  fields: Pick<AnswerFields, 'orderId' | 'transactionId' | 'codes'>,
  copies: 0 | 1 | 2,
): Promise<void> {
  if (url === undefined) return Promise.resolve();
  const body = withGatewaySignature(
    {
      transaction_id: fields.transactionId,
      order_id: fields.orderId,
      service_id: SERVICE_ID,
      service_version: CALLBACK_SERVICE_VERSION,
      service_date_time: serviceDateTime(kit.now()),
      result: { ...fields.codes.result },
    },
    gatewaySandbox.secretKey,
  );
  return kit.deliver(
    { provider: 'gateway', requestId: fields.orderId, url, body, rawBody: JSON.stringify(body) },
    copies,
  );
}

/** The sandbox's confirmation code for payouts and POS withdrawals (an OTP in real life). */
export const GATEWAY_CONFIRMATION_CODE = '123456';

/** result 1-3 for a confirmation code the "provider" does not take, or undefined when right. */
export function confirmationRefusal(code: string): GatewayCodes['result'] | undefined {
  if (code === '') return { code: 2, message: 'PIN IS BLANK' };
  if (code.length !== GATEWAY_CONFIRMATION_CODE.length) {
    return { code: 3, message: 'INVALID PIN LENGTH' };
  }
  return code === GATEWAY_CONFIRMATION_CODE ? undefined : { code: 1, message: 'INVALID PIN' };
}
