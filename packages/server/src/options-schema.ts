/**
 * The shape of `LipwaOptions` as one zod schema: types, ranges and defaults in one place. Unknown
 * keys are refused with the closest known name ("did you mean …?"), so a misspelt option never
 * silently falls back to its default. Rules that need more than the shape (URLs, the secret,
 * simulators in production) are checked by `parseOptions` after this.
 */

import { ConfigError, type CreateSessionInput, type ProviderAdapter } from '@lipwa/core';
import type { Request } from 'express';
import { z } from 'zod';
import type { EventBus } from './buses/event-bus.js';
import { closestName } from './did-you-mean.js';
import type { LimitStore } from './limits/limit-store.js';
import type { PaymentFinalEvent, PaymentReviewEvent } from './lipwa-options.js';
import type { Logger } from './logger.js';
import type { UnmatchedPaymentEvent } from './paybill/manual-payments.js';
import type { PayoutStore } from './payouts/payout-store.js';
import type { PaymentStore } from './stores/payment-store.js';
import { webhooksOptionsSchema } from './webhooks/webhook-options.js';

const HOUR_MS = 60 * 60 * 1000;

function hasMethods(value: unknown, names: readonly string[]): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return names.every((name) => typeof record[name] === 'function');
}

/** A positive number of milliseconds (or a count), with its default. */
function positive(name: string, fallback: number) {
  return z
    .custom<number>((value) => typeof value === 'number' && Number.isFinite(value) && value > 0, {
      error: (issue) =>
        `${name} must be a positive number of milliseconds (or counts), got ${String(issue.input)}.`,
    })
    .default(fallback);
}

function callback<F>(name: string) {
  return z.custom<F>((value) => typeof value === 'function', {
    error: `${name} must be a function.`,
  });
}

const adapterSchema = z.custom<ProviderAdapter>(
  (value) => typeof value === 'object' && value !== null,
  { error: 'each provider must be a provider adapter, e.g. daraja({ ... }).' },
);

const tokensSchema = z.strictObject({
  secret: z
    .custom<string | Uint8Array>(
      (value) => typeof value === 'string' || value instanceof Uint8Array,
      { error: 'tokens.secret must be a string or bytes (a Uint8Array or Buffer).' },
    )
    .optional(),
  kid: z.string({ error: 'tokens.kid must be a string.' }).default('lipwa-1'),
  previous: z
    .array(
      z.strictObject({
        kid: z.string({ error: 'tokens.previous[].kid must be a string.' }).min(1),
        secret: z.custom<string | Uint8Array>(
          (value) => typeof value === 'string' || value instanceof Uint8Array,
          { error: 'tokens.previous[].secret must be a string or bytes.' },
        ),
      }),
      { error: 'tokens.previous must be an array of { kid, secret }.' },
    )
    .default([]),
  issuer: z.string({ error: 'tokens.issuer must be a string.' }).default('lipwa'),
  audience: z.string({ error: 'tokens.audience must be a string.' }).default('lipwa-checkout'),
  ttlMinutes: z
    .custom<number>(
      (value) => Number.isInteger(value) && Number(value) >= 1 && Number(value) <= 60,
      {
        error: (issue) =>
          `tokens.ttlMinutes must be a whole number from 1 to 60, got ${String(issue.input)}.`,
      },
    )
    .default(15),
});

export const lipwaOptionsSchema = z.strictObject({
  providers: z
    .array(adapterSchema, { error: 'providers must be an array of provider adapters.' })
    .optional(),
  /** Deprecated: `providers: [adapter]`. */
  provider: adapterSchema.optional(),
  publicUrl: z.string({
    error:
      'publicUrl must be the absolute URL where the router is mounted, e.g. "https://shop.example/lipwa".',
  }),
  merchantName: z
    .string({ error: 'merchantName is required: it is shown to the customer in the widget.' })
    .refine((name) => name.trim() !== '', {
      error: 'merchantName is required: it is shown to the customer in the widget.',
    }),
  allowedOrigins: z
    .array(z.string(), {
      error:
        'allowedOrigins must list the origins of your checkout pages, e.g. ["https://shop.example"].',
    })
    .min(1, {
      error:
        'allowedOrigins must list the origins of your checkout pages, e.g. ["https://shop.example"].',
    }),
  tokens: tokensSchema.prefault({}),
  store: z
    .custom<PaymentStore>((value) => hasMethods(value, ['createAttempt', 'get', 'update']), {
      error:
        'store must be a PaymentStore, e.g. createPostgresStore(...) from @lipwa/server/postgres.',
    })
    .optional(),
  bus: z
    .custom<EventBus>((value) => hasMethods(value, ['publish', 'subscribe']), {
      error:
        'bus must be an EventBus with publish and subscribe, e.g. createPostgresEventBus({ pool }) from @lipwa/server/postgres.',
    })
    .optional(),
  resolveSession:
    callback<(req: Request) => CreateSessionInput | Promise<CreateSessionInput>>(
      'resolveSession',
    ).optional(),
  hooks: z
    .strictObject({
      onPaymentFinal:
        callback<(event: PaymentFinalEvent) => void | Promise<void>>(
          'hooks.onPaymentFinal',
        ).optional(),
      onPaymentReview:
        callback<(event: PaymentReviewEvent) => void | Promise<void>>(
          'hooks.onPaymentReview',
        ).optional(),
      onUnmatchedPayment: callback<(event: UnmatchedPaymentEvent) => void | Promise<void>>(
        'hooks.onUnmatchedPayment',
      ).optional(),
    })
    .prefault({}),
  webhooks: webhooksOptionsSchema.optional(),
  failover: z.boolean({ error: 'failover must be true or false.' }).default(false),
  payoutStore: z
    .custom<PayoutStore>((value) => hasMethods(value, ['create', 'get', 'update']), {
      error: 'payoutStore must be a payout store (create, get, update).',
    })
    .optional(),
  resultsToken: z
    .string({ error: 'resultsToken must be a string.' })
    .regex(/^[A-Za-z0-9_-]{16,128}$/, {
      error: 'resultsToken must be 16-128 letters, digits, "_" or "-" (it goes in a URL path).',
    })
    .optional(),
  callbacks: z
    .strictObject({ tokenGraceMs: positive('callbacks.tokenGraceMs', 24 * HOUR_MS) })
    .prefault({}),
  allowSimulatorInProduction: z
    .boolean({ error: 'allowSimulatorInProduction must be true or false.' })
    .default(false),
  reconcile: z
    .strictObject({
      firstQueryAfterMs: positive('reconcile.firstQueryAfterMs', 20_000),
      maxIntervalMs: positive('reconcile.maxIntervalMs', 30_000),
      moneyOutReviewAfterMs: positive('reconcile.moneyOutReviewAfterMs', 24 * HOUR_MS),
      promptTimeoutMs: positive('reconcile.promptTimeoutMs', 90_000),
      graceMs: positive('reconcile.graceMs', 30_000),
      intervalMs: positive('reconcile.intervalMs', 1_000),
    })
    .prefault({}),
  attemptCooldownMs: positive('attemptCooldownMs', 5_000),
  rateLimit: z
    .strictObject({
      windowMs: positive('rateLimit.windowMs', 60_000),
      maxPerSession: positive('rateLimit.maxPerSession', 10),
      maxPerPhone: positive('rateLimit.maxPerPhone', 5),
      maxPerClient: positive('rateLimit.maxPerClient', 30),
      backoffPoints: z
        .number({ error: 'rateLimit.backoffPoints must be a whole number, 0 or more.' })
        .int({ error: 'rateLimit.backoffPoints must be a whole number, 0 or more.' })
        .min(0, { error: 'rateLimit.backoffPoints must be a whole number, 0 or more.' })
        .default(1),
      maxSessionCreatesPerClient: positive('rateLimit.maxSessionCreatesPerClient', 20),
      maxStatusReadsPerClient: positive('rateLimit.maxStatusReadsPerClient', 300),
      phoneWindows: z
        .array(
          z.strictObject({
            max: positive('rateLimit.phoneWindows[].max', 1),
            windowMs: positive('rateLimit.phoneWindows[].windowMs', 60_000),
          }),
          { error: 'rateLimit.phoneWindows must be a list of { max, windowMs }.' },
        )
        .default([
          { max: 3, windowMs: 10 * 60_000 },
          { max: 10, windowMs: 24 * HOUR_MS },
        ]),
      store: z
        .custom<LimitStore>((value) => hasMethods(value, ['consume', 'penalize']), {
          error:
            'rateLimit.store must be a LimitStore with consume() and penalize(), e.g. createRedisLimitStore({ redis }).',
        })
        .optional(),
    })
    .prefault({}),
  hsts: z
    .union(
      [
        z.literal(false),
        z.strictObject({
          maxAgeSeconds: positive('hsts.maxAgeSeconds', 31_536_000),
          includeSubDomains: z
            .boolean({ error: 'hsts.includeSubDomains must be true or false.' })
            .default(false),
          preload: z.boolean({ error: 'hsts.preload must be true or false.' }).default(false),
        }),
      ],
      { error: 'hsts must be false or { maxAgeSeconds, includeSubDomains, preload }.' },
    )
    .default(false),
  stream: z
    .strictObject({
      pingIntervalMs: positive('stream.pingIntervalMs', 15_000),
      maxPerSession: positive('stream.maxPerSession', 3),
      maxPerClient: positive('stream.maxPerClient', 20),
      maxOpen: positive('stream.maxOpen', 1_000),
    })
    .prefault({}),
  environment: z
    .enum(['production', 'development'], {
      error: (issue) =>
        `environment must be "production" or "development", got "${String(issue.input)}".`,
    })
    .optional(),
  clock: z
    .custom<{ now(): number }>((value) => hasMethods(value, ['now']), {
      error: 'clock must have a now() that returns epoch milliseconds.',
    })
    .optional(),
  logger: z
    .custom<Logger>((value) => hasMethods(value, ['info', 'warn', 'error']), {
      error: 'logger must have info, warn and error methods (pino and console fit).',
    })
    .optional(),
});

export type ParsedOptions = z.output<typeof lipwaOptionsSchema>;

/** The option names an object in the schema knows, for "did you mean". */
function knownKeysAt(path: readonly PropertyKey[]): string[] {
  let schema: unknown = lipwaOptionsSchema;
  for (const key of path) {
    schema = unwrap(schema);
    const shape = (schema as { shape?: Record<string, unknown> }).shape;
    schema = shape?.[String(key)];
  }
  const shape = (unwrap(schema) as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape).filter((key) => key !== 'provider') : [];
}

/** Looks through `.optional()`, `.default()` and `.prefault()` to the object inside. */
function unwrap(schema: unknown): unknown {
  let current = schema as { _zod?: { def?: { innerType?: unknown } } } | undefined;
  while (current?._zod?.def?.innerType !== undefined) {
    current = current._zod.def.innerType as typeof current;
  }
  return current;
}

function unknownKeyMessage(path: readonly PropertyKey[], key: string): string {
  const prefix = path.length > 0 ? `${path.map(String).join('.')}.` : '';
  const known = knownKeysAt(path);
  const guess = closestName(key, known);
  return guess !== undefined
    ? `unknown option "${prefix}${key}": did you mean "${prefix}${guess}"?`
    : `unknown option "${prefix}${key}" (known: ${known.join(', ')}).`;
}

function issueMessages(issue: z.core.$ZodIssue): string[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => unknownKeyMessage(issue.path, key));
  }
  return [issue.message];
}

/** Parses the shape and fills defaults; throws `ConfigError` listing every problem found. */
export function readOptions(options: unknown): ParsedOptions {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigError('createLipwa needs an options object: see LipwaOptions.');
  }
  const parsed = lipwaOptionsSchema.safeParse(options);
  if (parsed.success) return parsed.data;
  const messages = parsed.error.issues.flatMap(issueMessages);
  throw new ConfigError(`createLipwa: ${messages.join(' ')}`);
}
