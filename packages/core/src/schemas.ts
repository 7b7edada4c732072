/**
 * Zod schemas for what crosses a boundary: the merchant's session request, the public views of a
 * session and a payment, and the body the widget sends. Types are inferred from them.
 */
import { z } from 'zod';
import { failureReasons, paymentStatuses } from './payment-status.js';

export const moneySchema = z.object({
  amount: z
    .number()
    .int('amount must be a whole number of minor units')
    .positive('amount must be positive')
    .max(Number.MAX_SAFE_INTEGER),
  currency: z.string().regex(/^[A-Z]{3}$/, 'currency must be a 3-letter ISO 4217 code such as KES'),
});

/** What the merchant's server asks for. The browser never decides any of it. */
export const createSessionInputSchema = z.object({
  /** Integer minor units: KES 1,500.00 is 150000. */
  amount: moneySchema.shape.amount,
  currency: moneySchema.shape.currency.default('KES'),
  /** The merchant's own order reference; reported back with every status. */
  reference: z.string().trim().min(1, 'reference is required').max(64),
  /** Short text shown to the customer. */
  description: z.string().trim().max(100).optional(),
  /** The merchant name shown in the widget; defaults to the kit's configured name. */
  merchantName: z.string().trim().min(1).max(60).optional(),
  /** The only origin allowed to use this session; defaults to the kit's allowed origins. */
  allowedOrigin: z.url().optional(),
  /** Provider ids the customer may use; defaults to every configured provider. */
  methods: z.array(z.string().min(1)).min(1).optional(),
  /** Token lifetime in minutes (1..60, default 15). */
  ttlMinutes: z.number().int().min(1).max(60).optional(),
});
export type CreateSessionInput = z.input<typeof createSessionInputSchema>;

/** A checkout session, as bound into its token. */
export const checkoutSessionSchema = z.object({
  id: z.string().min(1),
  amount: moneySchema,
  reference: z.string(),
  description: z.string().optional(),
  merchantName: z.string(),
  allowedOrigin: z.string().optional(),
  methods: z.array(z.string()),
  issuedAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
});
export type CheckoutSession = z.infer<typeof checkoutSessionSchema>;

export const nextActionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('stk') }),
  z.object({ type: z.literal('redirect'), url: z.url() }),
]);
export type NextAction = z.infer<typeof nextActionSchema>;

/** The public view of a payment attempt: what the widget and the status stream see. No secrets, phone masked. */
export const paymentViewSchema = z.object({
  id: z.string(),
  sessionId: z.string(),
  provider: z.string(),
  status: z.enum(paymentStatuses as [string, ...string[]]),
  /** Set when status is failed, cancelled or expired. */
  reason: z.enum(failureReasons as [string, ...string[]]).optional(),
  /** The provider's own result code, for support. */
  providerCode: z.string().optional(),
  amount: moneySchema,
  reference: z.string(),
  /** Masked: `2547•••••678`. Absent for methods that need no phone (redirects). */
  phone: z.string().optional(),
  /** The provider's receipt (M-Pesa receipt number) once completed. */
  receipt: z.string().optional(),
  next: nextActionSchema.optional(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** When the customer's prompt stops waiting: drives the widget's countdown. */
  promptExpiresAt: z.iso.datetime().optional(),
  /** After a failure: when a new attempt is allowed. */
  retryAfter: z.iso.datetime().optional(),
});
export type PaymentView = z.infer<typeof paymentViewSchema> & {
  status: import('./payment-status.js').PaymentStatus;
  reason?: import('./payment-status.js').FailureReason;
};

/** A way to pay a session offers, as the widget's method picker shows it. */
export const paymentMethodSchema = z.object({
  /** The provider adapter's id, sent back as `method` in `POST /payments`. */
  id: z.string(),
  /** A name for people, e.g. `M-Pesa (Daraja)` or `CashPay`. */
  name: z.string(),
  /** `stk`: the customer types a phone and approves a prompt; `redirect`: a hosted page. */
  flow: z.enum(['stk', 'redirect']),
});
export type PaymentMethod = z.infer<typeof paymentMethodSchema>;

/** `GET /session`: what the widget needs to draw itself. */
export const sessionViewSchema = z.object({
  session: checkoutSessionSchema.omit({ allowedOrigin: true }),
  /** The methods this session offers, in the merchant's order; a picker shows when there are several. */
  methods: z.array(paymentMethodSchema),
  /** The latest attempt for this session's reference, if any: lets a reloaded page pick it up again. */
  payment: paymentViewSchema.nullable(),
});
export type SessionView = {
  session: Omit<CheckoutSession, 'allowedOrigin'>;
  methods: PaymentMethod[];
  payment: PaymentView | null;
};

/** `POST /payments` body. The phone is validated again on the server with the same rules. */
export const startPaymentBodySchema = z.object({
  /** Required by STK methods; ignored by redirect methods. */
  phone: z.string().min(1, 'phone is required').max(32).optional(),
  /** Provider id; defaults to the session's first method. */
  method: z.string().min(1).max(40).optional(),
  /** Redirect methods: the page the customer returns to (its origin must be allowed). */
  returnUrl: z.url().max(2000).optional(),
});
export type StartPaymentBody = z.infer<typeof startPaymentBodySchema>;
