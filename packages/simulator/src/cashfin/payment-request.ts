/**
 * The mobile payment request body (`POST /business/payments/mobile/request`), checked the way
 * cashfin.md describes: `amount` (number, KES), `phone` exactly `254XXXXXXXXX`, `channel`
 * `"mpesa"`, optional `referenceid`. Every bad field is reported at once in Cashfin's 422
 * `errors` map. Unknown fields are ignored.
 */
import { z } from 'zod';
import { validationFailed } from './cashfin-error.js';

export interface MobilePaymentRequest {
  /** Whole shillings. */
  readonly amount: number;
  /** `254XXXXXXXXX`. */
  readonly phone: string;
  readonly channel: 'mpesa';
  readonly referenceid?: string | undefined;
}

/** M-Pesa's per-transaction range; STK push takes whole shillings only. */
export const MIN_AMOUNT_KES = 1;
export const MAX_AMOUNT_KES = 250_000;
/** Assumed: Cashfin documents no limit; the simulator and the adapter agree on 64. */
export const REFERENCE_ID_MAX = 64;

const fieldMessages = {
  amount: `Amount must be a whole number of KES from ${MIN_AMOUNT_KES} to ${MAX_AMOUNT_KES}`,
  phone: 'Phone must be in the format 254XXXXXXXXX',
  channel: 'Channel must be one of: mpesa',
  referenceid: `Reference ID must be text of at most ${REFERENCE_ID_MAX} characters`,
} as const;

const requestSchema = z.object({
  amount: z
    .number({ error: (issue) => (issue.input === undefined ? 'Amount is required' : undefined) })
    .int()
    .min(MIN_AMOUNT_KES)
    .max(MAX_AMOUNT_KES),
  phone: z
    .string({ error: (issue) => (issue.input === undefined ? 'Phone is required' : undefined) })
    .regex(/^254\d{9}$/),
  channel: z.literal('mpesa', {
    error: (issue) => (issue.input === undefined ? 'Channel is required' : undefined),
  }),
  referenceid: z
    .string()
    .trim()
    .min(1)
    .max(REFERENCE_ID_MAX)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
    .regex(/^[^\u0000-\u001f\u007f]*$/)
    .optional(),
});

/** Parses the JSON body; throws Cashfin's 422 with one message per bad field. */
export function parseMobilePaymentRequest(body: unknown): MobilePaymentRequest {
  const parsed = requestSchema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? 'body');
    if (errors[field] !== undefined) continue;
    const required = /is required$/.test(issue.message) ? issue.message : undefined;
    errors[field] =
      required ?? fieldMessages[field as keyof typeof fieldMessages] ?? 'Invalid value';
  }
  throw validationFailed(errors);
}
