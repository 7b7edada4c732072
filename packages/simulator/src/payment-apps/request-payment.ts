/**
 * `requestPayment` input rules for an MpesaKeExpress app (payment-apps.md: Daraja's limits,
 * passed through), with Laravel's validation messages. Every failing field is reported at once
 * as a 422 `{ success: false, error, errors: { field: [message] } }`.
 */
import { GatewayHttpError } from './gateway-error.js';

export interface PaymentRequestInput {
  /** `2547XXXXXXXX` or `2541XXXXXXXX`. */
  readonly phone: string;
  /** Whole shillings, 1 to 250,000. */
  readonly amount: number;
  readonly reference: string;
  readonly description: string | undefined;
}

export const MAX_AMOUNT_KES = 250_000;
export const REFERENCE_MAX = 12;
export const DESCRIPTION_MAX = 13;

const present = (value: unknown) => value !== undefined && value !== null && value !== '';

function checkPhone(value: unknown, problems: Record<string, string[]>): string | undefined {
  if (!present(value)) problems.phone_number = ['The phone number field is required.'];
  else if (typeof value !== 'string') {
    problems.phone_number = ['The phone number field must be a string.'];
  } else if (!/^254[17]\d{8}$/.test(value)) {
    problems.phone_number = ['The phone number field format is invalid.'];
  } else return value;
  return undefined;
}

function checkAmount(value: unknown, problems: Record<string, string[]>): number | undefined {
  // Laravel's `integer` rule takes 100 and "100", not 100.5.
  const amount =
    typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value.trim()) : value;
  if (!present(value)) problems.amount = ['The amount field is required.'];
  else if (typeof amount !== 'number' || !Number.isSafeInteger(amount)) {
    problems.amount = ['The amount field must be an integer.'];
  } else if (amount < 1) problems.amount = ['The amount field must be at least 1.'];
  else if (amount > MAX_AMOUNT_KES) {
    problems.amount = [`The amount field must not be greater than ${MAX_AMOUNT_KES}.`];
  } else return amount;
  return undefined;
}

function checkText(
  field: 'reference' | 'description',
  value: unknown,
  max: number,
  required: boolean,
  problems: Record<string, string[]>,
): string | undefined {
  if (!present(value)) {
    if (required) problems[field] = [`The ${field} field is required.`];
    return undefined;
  }
  if (typeof value !== 'string') problems[field] = [`The ${field} field must be a string.`];
  else if (Array.from(value).length > max) {
    problems[field] = [`The ${field} field must not be greater than ${max} characters.`];
  } else return value;
  return undefined;
}

/** Validates the body; throws the gateway's 422 listing every problem. */
export function parsePaymentRequest(body: Record<string, unknown>): PaymentRequestInput {
  const problems: Record<string, string[]> = {};
  const phone = checkPhone(body.phone_number, problems);
  const amount = checkAmount(body.amount, problems);
  const reference = checkText('reference', body.reference, REFERENCE_MAX, true, problems);
  const description = checkText('description', body.description, DESCRIPTION_MAX, false, problems);
  const fields = Object.keys(problems);
  if (fields.length > 0 || phone === undefined || amount === undefined || !reference) {
    const [first = 'The given data was invalid.'] = Object.values(problems)[0] ?? [];
    const more = fields.length - 1;
    const error = more > 0 ? `${first} (and ${more} more error${more > 1 ? 's' : ''})` : first;
    throw new GatewayHttpError(422, error, problems);
  }
  return { phone, amount, reference, description };
}
