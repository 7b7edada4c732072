/**
 * The adapter's options, parsed once with zod into a frozen configuration. Every mistake is
 * reported at start-up, all at once, with what to change; secrets never appear in messages.
 */
import { type Clock, ConfigError, type Money, type ProviderTarget, systemClock } from '@lipwa/core';
import { z } from 'zod';

export type GatewayCurrency = 'KES' | 'USD';

export interface GatewayOptions {
  /** The merchant public ID, the first path segment of every call (`/{public_id}/payment_c2b`). */
  publicId: string;
  /** The unique merchant ID received at registration (`merchant_id` in every body). */
  merchantId: string;
  /** The secret key received with the credentials; signs requests, verifies callbacks. */
  secretKey: string;
  /** The brand's API host, e.g. `https://api.unipesa.tech`, or the simulator's `${sim.url}/gateway`. */
  baseUrl: string;
  /** The gateway's id for M-Pesa Kenya; brands differ (40, 43, 12, 29). 14 is the gateway's own simulator. Default 40. */
  providerId?: number;
  /** ISO 3166-1 alpha-2, sent as `country`; default `KE`. */
  country?: string;
  /** What the merchant account takes: KES (any merchant) and/or USD (non-betting only). Default `['KES']`. */
  currencies?: readonly GatewayCurrency[];
  /** Shown in the widget's method picker; default `M-Pesa`. */
  displayName?: string;
  /** Per request; default 30 000 (the gateway relays to the operator before it answers). */
  timeoutMs?: number;
  fetch?: typeof fetch;
  clock?: Clock;
  /**
   * The kit's payouts: gives the confirmation code when the gateway asks for the second
   * `payment_b2c` step (`confirm_type` non-zero). Without it such a payout fails unpaid.
   */
  confirmPayout?: (payout: GatewayPayoutToConfirm) => string | Promise<string>;
}

/** What `confirmPayout` is told about the payout waiting for its confirmation code. */
export interface GatewayPayoutToConfirm {
  readonly orderId: string;
  /** The recipient, masked: `2547•••••149`. */
  readonly phone: string;
  readonly amount: Money;
}

export interface GatewayConfig {
  readonly publicId: string;
  readonly merchantId: string;
  readonly secretKey: string;
  /** Without a trailing slash. */
  readonly baseUrl: string;
  readonly providerId: number;
  readonly country: string;
  readonly currencies: ReadonlySet<GatewayCurrency>;
  readonly displayName: string;
  readonly timeoutMs: number;
  readonly fetch: typeof fetch;
  readonly clock: Clock;
  readonly target: ProviderTarget;
  readonly confirmPayout?: GatewayOptions['confirmPayout'];
}

/** The documented host shape: each brand publishes the API at `https://api.<brand>.tech`. */
export const GATEWAY_HOST_PATTERN = /^https:\/\/api\.[a-z0-9-]+\.tech$/;
/** The gateway's own test provider: answers "in progress" forever and never calls back. */
export const GATEWAY_SIMULATOR_PROVIDER_ID = 14;
export const DEFAULT_PROVIDER_ID = 40;
export const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_TIMEOUT_MS = 120_000;

function credential(name: string, where: string) {
  return z
    .string({ error: `${name} is required: ${where}.` })
    .min(1, `${name} is required: ${where}.`)
    .refine(
      (value) => value.trim() === value,
      `${name} has leading or trailing whitespace (a copy-paste slip?): remove it.`,
    );
}

function parseBaseUrl(value: string, context: z.RefinementCtx): string {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    context.addIssue({
      code: 'custom',
      message:
        'baseUrl must be an absolute http(s) URL: your brand’s API host such as https://api.unipesa.tech, or the simulator’s URL plus /gateway.',
    });
    return z.NEVER;
  }
  if (url.search !== '' || url.hash !== '') {
    context.addIssue({ code: 'custom', message: 'baseUrl must not carry a query or fragment.' });
    return z.NEVER;
  }
  return value.replace(/\/+$/, '');
}

const optionsSchema = z.strictObject({
  publicId: credential('publicId', 'the merchant public ID from your credentials').refine(
    (value) => /^[A-Za-z0-9_-]+$/.test(value),
    'publicId must be letters, digits, "_" or "-" (it is a path segment), like f54ec96649be11ebb3780242ac130002.',
  ),
  merchantId: credential('merchantId', 'the merchant ID from your credentials'),
  secretKey: credential('secretKey', 'the secret key received with your credentials'),
  baseUrl: z
    .string({
      error:
        'baseUrl is required: the API host your gateway brand gave you (https://api.<brand>.tech), or the simulator’s URL plus /gateway.',
    })
    .transform(parseBaseUrl),
  providerId: z
    .number({ error: 'providerId must be the gateway’s numeric id for M-Pesa Kenya, e.g. 40.' })
    .int('providerId must be a whole number, e.g. 40.')
    .positive('providerId must be positive, e.g. 40.')
    .default(DEFAULT_PROVIDER_ID),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'country must be an ISO 3166-1 alpha-2 code such as "KE".')
    .default('KE'),
  currencies: z
    .array(z.enum(['KES', 'USD'], { error: 'currencies may list only "KES" and "USD".' }))
    .min(1, 'currencies must list at least one of "KES" and "USD".')
    .default(['KES']),
  displayName: z.string().trim().min(1).max(40).default('M-Pesa'),
  timeoutMs: z
    .number()
    .int()
    .min(1)
    .max(MAX_TIMEOUT_MS, `timeoutMs must be at most ${MAX_TIMEOUT_MS}.`)
    .default(DEFAULT_TIMEOUT_MS),
  fetch: z
    .custom<typeof fetch>((value) => typeof value === 'function', 'fetch must be a function.')
    .optional(),
  clock: z
    .custom<Clock>(
      (value) =>
        typeof value === 'object' &&
        value !== null &&
        typeof (value as { now?: unknown }).now === 'function',
      'clock must be an object with a now() method returning epoch milliseconds.',
    )
    .default(() => systemClock),
  confirmPayout: z
    .custom<NonNullable<GatewayOptions['confirmPayout']>>(
      (value) => typeof value === 'function',
      'confirmPayout must be a function returning the confirmation code.',
    )
    .optional(),
});

/**
 * `production` on a documented host with a real provider id, `sandbox` on a documented host
 * with the gateway's test provider 14, `simulator` on any other host (ours, a mock).
 */
export function gatewayTarget(baseUrl: string, providerId: number): ProviderTarget {
  if (!GATEWAY_HOST_PATTERN.test(baseUrl)) return 'simulator';
  return providerId === GATEWAY_SIMULATOR_PROVIDER_ID ? 'sandbox' : 'production';
}

/** Parses and freezes the options; throws `config_invalid` listing every problem. */
export function parseGatewayOptions(options: GatewayOptions): GatewayConfig {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigError(
      'paymentGateway() needs an options object with your gateway credentials.',
    );
  }
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    // zod's messages name the field and the rule, never the value given.
    const problems = parsed.error.issues.map((issue) =>
      issue.path.length > 0 && !issue.message.startsWith(String(issue.path[0]))
        ? `${issue.path.join('.')}: ${issue.message}`
        : issue.message,
    );
    throw new ConfigError(`Invalid Payment Gateway options:\n- ${problems.join('\n- ')}`, {
      details: { problems },
    });
  }
  const data = parsed.data;
  if (data.fetch === undefined && typeof globalThis.fetch !== 'function') {
    throw new ConfigError(
      'Invalid Payment Gateway options:\n- No fetch available: pass options.fetch or run on a runtime with a global fetch.',
    );
  }
  // Wrapped so the global is never called with another `this` (browsers throw "Illegal invocation").
  const fetchImpl: typeof fetch = data.fetch ?? ((input, init) => globalThis.fetch(input, init));
  return Object.freeze({
    publicId: data.publicId,
    merchantId: data.merchantId,
    secretKey: data.secretKey,
    baseUrl: data.baseUrl,
    providerId: data.providerId,
    country: data.country,
    currencies: new Set(data.currencies),
    displayName: data.displayName,
    timeoutMs: data.timeoutMs,
    fetch: fetchImpl,
    clock: data.clock,
    target: gatewayTarget(data.baseUrl, data.providerId),
    ...(data.confirmPayout === undefined ? {} : { confirmPayout: data.confirmPayout }),
  });
}
