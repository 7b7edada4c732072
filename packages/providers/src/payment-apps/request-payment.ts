/**
 * `requestPayment` for an M-Pesa Express app: checks the request against the gateway's limits
 * (Daraja's, passed through) before anything is sent, asks the gateway to prompt the customer,
 * and returns the Salami id of the transaction it created as `providerRef`. Never retried: the
 * gateway takes no idempotency key, so a second request is a second prompt.
 */
import {
  assertMoney,
  type InitiateRequest,
  type InitiateResult,
  toWholeMajorUnits,
  ValidationError,
} from '@lipwa/core';
import { providerErrorFrom, unexpectedAnswer, wrapperFailure } from './errors.js';
import { callGateway } from './payment-apps-http.js';
import type { PaymentAppsConfig } from './payment-apps-options.js';
import { paymentRequestAcceptedSchema, wrapperSchema } from './schemas.js';

export const REQUEST_PAYMENT_PATH = '/requestPayment';
export const MIN_AMOUNT_KES = 1;
export const MAX_AMOUNT_KES = 250_000;
export const REFERENCE_MAX = 12;
export const DESCRIPTION_MAX = 13;
/** Daraja keeps the prompt open for about a minute. */
export const PROMPT_TIMEOUT_MS = 60_000;

export interface PaymentRequestBody {
  readonly phone_number: string;
  readonly amount: number;
  readonly reference: string;
  readonly description?: string;
}

/** Whole shillings from minor units; refuses other currencies, cents and out-of-range amounts. */
export function toGatewayAmount(amount: InitiateRequest['amount']): number {
  if (amount.currency !== 'KES') {
    throw new ValidationError(
      'invalid_amount',
      `M-Pesa Express through the payment-apps gateway collects only KES, got ${amount.currency}: create the session in KES.`,
      { details: { field: 'currency' } },
    );
  }
  assertMoney(amount);
  const shillings = toWholeMajorUnits(amount);
  if (shillings === undefined) {
    throw new ValidationError(
      'invalid_amount',
      `The gateway takes whole shillings only, got ${amount.amount} cents: use a multiple of 100 minor units.`,
      { details: { field: 'amount' } },
    );
  }
  if (shillings < MIN_AMOUNT_KES || shillings > MAX_AMOUNT_KES) {
    throw new ValidationError(
      'invalid_amount',
      `M-Pesa Express accepts KES ${MIN_AMOUNT_KES} to KES 250,000 per transaction, got KES ${shillings}.`,
      { details: { field: 'amount', min: MIN_AMOUNT_KES, max: MAX_AMOUNT_KES } },
    );
  }
  return shillings;
}

function checkPhone(phone: string | undefined): string {
  if (phone === undefined || !/^254[17]\d{8}$/.test(phone)) {
    throw new ValidationError(
      'invalid_phone',
      'The phone number must be normalised to 2547XXXXXXXX or 2541XXXXXXXX (use parseMsisdn from @lipwa/core).',
      { details: { field: 'phone' } },
    );
  }
  return phone;
}

/** Refused, not shortened: the reference is what the customer and the merchant match on. */
export function toGatewayReference(reference: string): string {
  const text = reference.trim();
  const length = Array.from(text).length;
  if (length === 0 || /\p{Cc}/u.test(text)) {
    throw new ValidationError(
      'invalid_field',
      'The payment reference must be printable text, such as "ORDER1042".',
      { details: { field: 'reference' } },
    );
  }
  if (length > REFERENCE_MAX) {
    throw new ValidationError(
      'invalid_field',
      `The payment-apps gateway takes a reference of at most ${REFERENCE_MAX} characters (M-Pesa's AccountReference), got ${length}: use a shorter merchant reference.`,
      { details: { field: 'reference', max: REFERENCE_MAX } },
    );
  }
  return text;
}

/**
 * Optional; shortened to 13 characters (M-Pesa's TransactionDesc). It only labels the prompt, so a
 * merchant's longer description ("Kikoi, blue, large") is cut rather than refused.
 */
export function toGatewayDescription(description: string | undefined): string | undefined {
  const text = description?.replace(/\s+/g, ' ').trim() ?? '';
  if (text === '') return undefined;
  return Array.from(text).slice(0, DESCRIPTION_MAX).join('').trim();
}

/** Builds the body; throws `ValidationError` (nothing is sent) on anything the gateway would refuse. */
export function buildPaymentRequest(request: InitiateRequest): PaymentRequestBody {
  const amount = toGatewayAmount(request.amount);
  const phone = checkPhone(request.phone);
  const reference = toGatewayReference(request.reference);
  const description = toGatewayDescription(request.description);
  return {
    phone_number: phone,
    amount,
    reference,
    ...(description === undefined ? {} : { description }),
  };
}

export async function requestPayment(
  config: PaymentAppsConfig,
  request: InitiateRequest,
): Promise<InitiateResult> {
  const body = buildPaymentRequest(request);
  const reply = await callGateway(config, {
    operation: 'requestPayment',
    method: 'POST',
    path: REQUEST_PAYMENT_PATH,
    json: body,
    signal: request.signal,
  });
  if (!reply.ok) {
    throw providerErrorFrom(reply.failure, 'requestPayment', { paymentApp: config.paymentApp });
  }
  const wrapper = wrapperSchema.safeParse(reply.body);
  if (!wrapper.success) {
    throw unexpectedAnswer(
      'requestPayment',
      reply.httpStatus,
      'the {data, status} wrapper',
      reply.raw,
    );
  }
  const { status, message } = wrapper.data;
  if (status !== undefined && status !== 'success') {
    throw wrapperFailure('requestPayment', status, message, reply.raw);
  }
  const data = paymentRequestAcceptedSchema.safeParse(wrapper.data.data);
  if (!data.success) {
    throw unexpectedAnswer(
      'requestPayment',
      reply.httpStatus,
      'a CheckoutRequestID and ResponseCode',
      reply.raw,
    );
  }
  const accepted = data.data;
  if (accepted.ResponseCode !== '0') {
    throw wrapperFailure(
      'requestPayment',
      accepted.ResponseCode,
      accepted.ResponseDescription ?? message,
      reply.raw,
    );
  }
  if (accepted.id === undefined) {
    throw unexpectedAnswer(
      'requestPayment',
      reply.httpStatus,
      'the Salami transaction id (data.id)',
      reply.raw,
    );
  }
  return {
    providerRef: accepted.id,
    next: { type: 'stk' },
    promptTimeoutMs: PROMPT_TIMEOUT_MS,
    providerData: {
      checkoutRequestId: accepted.CheckoutRequestID,
      ...(accepted.MerchantRequestID === undefined
        ? {}
        : { merchantRequestId: accepted.MerchantRequestID }),
    },
  };
}
