/**
 * `POST /charges` body rules. cashpay.md lists the fields (`amount` an integer, `currency`,
 * `description`, `redirect_url`, `post_url`, `reference`); the limits are our assumptions, and the
 * Lipwa adapter refuses the same things before sending.
 */
import { z } from 'zod';
import { invalidParam } from './cashpay-error.js';

export const DESCRIPTION_MAX = 255;
export const REFERENCE_MAX = 64;
export const URL_MAX = 2048;

export interface ChargeRequest {
  /** Whole units of the account currency (2000 is YER 2,000). */
  readonly amount: number;
  readonly currency: string;
  readonly description: string | null;
  readonly redirectUrl: string;
  readonly postUrl: string | undefined;
  readonly reference: string | undefined;
}

const httpUrl = z
  .string()
  .max(URL_MAX)
  .refine((value) => {
    if (!URL.canParse(value)) return false;
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  }, 'must be an absolute http(s) URL');

const chargeBodySchema = z.object({
  amount: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be a 3-letter ISO 4217 code'),
  description: z.string().max(DESCRIPTION_MAX).nullish(),
  redirect_url: httpUrl,
  post_url: httpUrl.nullish(),
  reference: z.string().min(1).max(REFERENCE_MAX).nullish(),
});

const fieldMessages: Readonly<Record<string, string>> = {
  amount: 'amount must be a positive whole number of the account currency.',
  currency: 'currency must be a 3-letter ISO 4217 code such as YER.',
  description: `description must be text of at most ${DESCRIPTION_MAX} characters.`,
  redirect_url: 'redirect_url must be an absolute http(s) URL.',
  post_url: 'post_url must be an absolute http(s) URL.',
  reference: `reference must be 1-${REFERENCE_MAX} characters.`,
};

/** Parses a charge body; throws the 400 `invalid_request` CashPay answers, naming the first bad field. */
/** Parses a charge for an account that takes `accountCurrency` only. */
export function parseChargeRequest(body: unknown, accountCurrency: string): ChargeRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidParam(
      'body',
      'Send the charge as a JSON object (Content-Type: application/json).',
    );
  }
  const parsed = chargeBodySchema.safeParse(body);
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? 'body');
    throw invalidParam(field, fieldMessages[field] ?? 'The charge is not valid.');
  }
  const data = parsed.data;
  if (data.currency !== accountCurrency) {
    // The currency is a property of the merchant account, not of the request.
    throw invalidParam(
      'currency',
      `This account takes ${accountCurrency} only; got ${data.currency}.`,
    );
  }
  return {
    amount: data.amount,
    currency: data.currency,
    description: data.description ?? null,
    redirectUrl: data.redirect_url,
    postUrl: data.post_url ?? undefined,
    reference: data.reference ?? undefined,
  };
}
