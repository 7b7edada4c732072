/**
 * Cashfin's mobile payment request (`POST /business/payments/mobile/request`, channel
 * `mpesa`): checks the request against what Cashfin and M-Pesa accept before anything is sent,
 * then asks Cashfin to prompt the customer. Never retried: Cashfin documents no idempotency key,
 * so a second request could prompt (and charge) twice.
 */
import {
  assertMoney,
  type InitiateRequest,
  type InitiateResult,
  type Money,
  ProviderError,
  toWholeMajorUnits,
  ValidationError,
} from '@lipwa/core';
import { z } from 'zod';
import { exchange } from './cashfin-http.js';
import type { CashfinConfig } from './cashfin-options.js';
import { providerErrorFrom, rawExcerpt, unexpectedAcceptance } from './errors.js';

export const MOBILE_PAYMENT_PATH = '/business/payments/mobile/request';
export const MIN_AMOUNT_KES = 1;
/** M-Pesa's per-transaction maximum. */
export const MAX_AMOUNT_KES = 250_000;
/** Assumed (Cashfin documents none); the simulator enforces the same. */
export const REFERENCE_ID_MAX = 64;

export interface MobilePaymentBody {
  /** Whole shillings: Cashfin's money is a number in the account currency. */
  readonly amount: number;
  /** `2547XXXXXXXX` / `2541XXXXXXXX`; Cashfin refuses `+254…` and `07…`. */
  readonly phone: string;
  readonly channel: 'mpesa';
  readonly referenceid: string;
}

/** Whole shillings from minor units; refuses other currencies, cents and out-of-range amounts. */
export function toCashfinAmount(amount: Money): number {
  if (amount.currency !== 'KES') {
    throw new ValidationError(
      'invalid_amount',
      `Cashfin collects M-Pesa in KES only, got ${amount.currency}: create the session in KES.`,
      { details: { field: 'currency' } },
    );
  }
  assertMoney(amount);
  const shillings = toWholeMajorUnits(amount);
  if (shillings === undefined) {
    throw new ValidationError(
      'invalid_amount',
      `M-Pesa takes whole shillings only, got ${amount.amount} cents: round the amount to a multiple of 100 minor units.`,
      { details: { field: 'amount' } },
    );
  }
  if (shillings < MIN_AMOUNT_KES || shillings > MAX_AMOUNT_KES) {
    throw new ValidationError(
      'invalid_amount',
      `M-Pesa accepts KES ${MIN_AMOUNT_KES} to KES 250,000 per transaction, got KES ${shillings}.`,
      { details: { field: 'amount', min: MIN_AMOUNT_KES, max: MAX_AMOUNT_KES } },
    );
  }
  return shillings;
}

export function toCashfinPhone(phone: string | undefined): string {
  if (phone === undefined || !/^254[17]\d{8}$/.test(phone)) {
    throw new ValidationError(
      'invalid_phone',
      'The phone number must be normalised to 2547XXXXXXXX or 2541XXXXXXXX (use parseMsisdn from @lipwa/core): Cashfin refuses +254… and 07….',
      { details: { field: 'phone' } },
    );
  }
  return phone;
}

function hasControlCharacters(text: string): boolean {
  return Array.from(text).some((char) => {
    const code = char.codePointAt(0) ?? 0;
    return code < 0x20 || code === 0x7f;
  });
}

/** The merchant's reference as `referenceid`: refused, never cut, so it still matches the order. */
export function toReferenceId(reference: string): string {
  const trimmed = reference.trim();
  if (trimmed === '' || trimmed.length > REFERENCE_ID_MAX || hasControlCharacters(trimmed)) {
    throw new ValidationError(
      'invalid_field',
      `The payment reference must be 1-${REFERENCE_ID_MAX} characters without control characters to be sent as Cashfin's referenceid.`,
      { details: { field: 'reference', max: REFERENCE_ID_MAX } },
    );
  }
  return trimmed;
}

/** The request body; throws `ValidationError` (nothing is sent) on anything Cashfin would refuse. */
export function buildMobilePaymentBody(request: InitiateRequest): MobilePaymentBody {
  return {
    amount: toCashfinAmount(request.amount),
    phone: toCashfinPhone(request.phone),
    channel: 'mpesa',
    referenceid: toReferenceId(request.reference),
  };
}

const acceptedSchema = z.object({
  success: z.literal(true),
  message: z.string().optional(),
  data: z.object({
    checkoutrequestid: z.string().trim().min(1).max(128),
    merchantrequestid: z.string().optional(),
    responsecode: z.union([z.string(), z.number()]).optional(),
    responsedescription: z.string().optional(),
  }),
});

function isRefusal(json: unknown): json is { success: false; error?: unknown; message?: unknown } {
  return (
    typeof json === 'object' && json !== null && (json as { success?: unknown }).success === false
  );
}

export async function requestMobilePayment(
  config: CashfinConfig,
  request: InitiateRequest,
): Promise<InitiateResult> {
  const body = buildMobilePaymentBody(request);
  const answer = await exchange(config, {
    method: 'POST',
    path: MOBILE_PAYMENT_PATH,
    json: body,
    signal: request.signal,
  });
  if (answer.httpStatus < 200 || answer.httpStatus >= 300) {
    throw providerErrorFrom(config, answer);
  }
  // A 2xx saying `success: false` is still a refusal, as Cashfin's own samples read it.
  if (isRefusal(answer.json)) throw providerErrorFrom(config, answer);
  const parsed = acceptedSchema.safeParse(answer.json);
  if (!parsed.success) {
    throw unexpectedAcceptance(config, answer, 'a checkoutrequestid in its documented envelope');
  }
  const { data } = parsed.data;
  const responseCode = data.responsecode === undefined ? undefined : String(data.responsecode);
  if (responseCode !== undefined && responseCode !== '0') {
    throw new ProviderError(
      'provider_rejected',
      `Cashfin did not accept the M-Pesa request (responsecode ${responseCode}${
        data.responsedescription ? `: ${rawExcerpt(config, data.responsedescription)}` : ''
      }).`,
      {
        retryable: false,
        ambiguous: false,
        providerCode: responseCode,
        reason: 'provider_error',
        details: { httpStatus: answer.httpStatus },
      },
    );
  }
  return {
    providerRef: data.checkoutrequestid,
    next: { type: 'stk' },
    providerData: {
      referenceId: body.referenceid,
      ...(data.merchantrequestid ? { merchantRequestId: data.merchantrequestid } : {}),
    },
  };
}
