/**
 * Input rules for the gateway's other operations, with Laravel's messages in the gateway's 422
 * (`errors: { field: [message] }`): sendMoney (Daraja's B2C limits: whole KES 10 to 250,000,
 * remarks and occasion up to 100 characters), sendAirtime (KES 5 to 10,000, assumed), and
 * simulateTransaction (Daraja's C2B simulate: whole KES 1 to 250,000, a bill reference).
 */
import { GatewayHttpError } from './gateway-error.js';

export const commandIds = ['BusinessPayment', 'SalaryPayment', 'PromotionPayment'] as const;
export type CommandId = (typeof commandIds)[number];

export const SEND_MONEY_LIMITS = Object.freeze({ min: 10, max: 250_000 });
export const AIRTIME_LIMITS = Object.freeze({ min: 5, max: 10_000 });
export const SIMULATE_LIMITS = Object.freeze({ min: 1, max: 250_000 });
const REMARKS_MAX = 100;
const REFERENCE_MAX = 20;
export const SMS_MAX = 1_000;

export interface SendMoneyInput {
  readonly phone: string;
  readonly amount: number;
  readonly commandId: CommandId;
  readonly remarks: string | undefined;
  readonly occasion: string | undefined;
}

export interface AirtimeInput {
  readonly phone: string;
  readonly amount: number;
  readonly currency: 'KES';
}

export interface SimulateInput {
  readonly phone: string;
  readonly amount: number;
  readonly reference: string;
}

type Problems = Record<string, string[]>;
const present = (value: unknown) => value !== undefined && value !== null && value !== '';
const label = (field: string) => field.replace(/_/g, ' ');

function phone(value: unknown, problems: Problems): string | undefined {
  if (!present(value)) problems.phone_number = ['The phone number field is required.'];
  else if (typeof value !== 'string' || !/^254[17]\d{8}$/.test(value)) {
    problems.phone_number = ['The phone number field format is invalid.'];
  } else return value;
  return undefined;
}

function wholeAmount(
  value: unknown,
  limits: { min: number; max: number },
  problems: Problems,
): number | undefined {
  const amount =
    typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value.trim()) : value;
  if (!present(value)) problems.amount = ['The amount field is required.'];
  else if (typeof amount !== 'number' || !Number.isSafeInteger(amount)) {
    problems.amount = ['The amount field must be an integer.'];
  } else if (amount < limits.min)
    problems.amount = [`The amount field must be at least ${limits.min}.`];
  else if (amount > limits.max) {
    problems.amount = [`The amount field must not be greater than ${limits.max}.`];
  } else return amount;
  return undefined;
}

function text(
  field: string,
  value: unknown,
  max: number,
  required: boolean,
  problems: Problems,
): string | undefined {
  if (!present(value)) {
    if (required) problems[field] = [`The ${label(field)} field is required.`];
    return undefined;
  }
  if (typeof value !== 'string') problems[field] = [`The ${label(field)} field must be a string.`];
  else if (Array.from(value).length > max) {
    problems[field] = [`The ${label(field)} field must not be greater than ${max} characters.`];
  } else return value;
  return undefined;
}

/** Laravel's summary: the first message, and how many more there are. */
function refuse(problems: Problems): never {
  const fields = Object.keys(problems);
  const [first = 'The given data was invalid.'] = Object.values(problems)[0] ?? [];
  const more = fields.length - 1;
  throw new GatewayHttpError(
    422,
    more > 0 ? `${first} (and ${more} more error${more > 1 ? 's' : ''})` : first,
    problems,
  );
}

export function parseSendMoney(body: Record<string, unknown>): SendMoneyInput {
  const problems: Problems = {};
  const to = phone(body.phone_number, problems);
  const amount = wholeAmount(body.amount, SEND_MONEY_LIMITS, problems);
  const command = body.command_id;
  if (!present(command)) problems.command_id = ['The command id field is required.'];
  else if (!commandIds.includes(command as CommandId)) {
    problems.command_id = ['The selected command id is invalid.'];
  }
  const remarks = text('remarks', body.remarks, REMARKS_MAX, false, problems);
  const occasion = text('occasion', body.occasion, REMARKS_MAX, false, problems);
  if (Object.keys(problems).length > 0 || to === undefined || amount === undefined) {
    refuse(problems);
  }
  return { phone: to, amount, commandId: command as CommandId, remarks, occasion };
}

export function parseAirtime(body: Record<string, unknown>): AirtimeInput {
  const problems: Problems = {};
  const to = phone(body.phone_number, problems);
  const amount = wholeAmount(body.amount, AIRTIME_LIMITS, problems);
  if (present(body.currency) && body.currency !== 'KES') {
    problems.currency = ['The selected currency is invalid.'];
  }
  if (Object.keys(problems).length > 0 || to === undefined || amount === undefined) {
    refuse(problems);
  }
  return { phone: to, amount, currency: 'KES' };
}

export function parseSimulate(body: Record<string, unknown>): SimulateInput {
  const problems: Problems = {};
  const from = phone(body.phone_number, problems);
  const amount = wholeAmount(body.amount, SIMULATE_LIMITS, problems);
  const reference = text('reference', body.reference, REFERENCE_MAX, true, problems);
  if (
    Object.keys(problems).length > 0 ||
    from === undefined ||
    amount === undefined ||
    reference === undefined
  ) {
    refuse(problems);
  }
  return { phone: from, amount, reference };
}

export function parseSmsMessage(body: Record<string, unknown>): string {
  const problems: Problems = {};
  const message = text('message', body.message, SMS_MAX, true, problems);
  if (message === undefined) refuse(problems);
  return message;
}

/** `page` and `per_page` query parameters (Laravel's defaults 1 and 15; at most 100 a page). */
export function parsePaging(query: Record<string, unknown>): { page: number; perPage: number } {
  const problems: Problems = {};
  const read = (field: string, fallback: number, max: number) => {
    const value = query[field];
    if (!present(value)) return fallback;
    const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(number) || number < 1 || number > max) {
      problems[field] = [`The ${label(field)} field must be between 1 and ${max}.`];
      return fallback;
    }
    return number;
  };
  const page = read('page', 1, 1_000_000);
  const perPage = read('per_page', 15, 100);
  if (Object.keys(problems).length > 0) refuse(problems);
  return { page, perPage };
}
