/**
 * The adapter's options, parsed once with zod into a frozen configuration. Every mistake is
 * reported at start-up, all at once, with what to change; secrets never appear in messages.
 */
import { type Clock, ConfigError, systemClock } from '@lipwa/core';
import { z } from 'zod';

/** Whether the payment app is live (`is_live: true` in the dashboard) or a sandbox app. */
export type PaymentAppsEnvironment = 'sandbox' | 'production';

export interface PaymentAppsOptions {
  /**
   * The gateway's root URL, your tenant's host, without `/api/pay`: `https://pay.example.co.ke`
   * (the simulator: `${sim.url}/payment-apps`).
   */
  baseUrl: string;
  /** A Sanctum API token from the dashboard, `{id}|{secret}`, with `payments:read` and `payments:write`. */
  apiToken: string;
  /** The payment app's id (an M-Pesa Express, `MpesaKeExpress`, app). */
  paymentApp: number | string;
  /**
   * A B2C-capable app (`MpesaKeB2C` or `MpesaKeB2B`) for payouts, airtime and its balance.
   * Without it the adapter has no `payout` capability (each call may still name an `app`).
   */
  payoutApp?: number | string;
  /**
   * The paybill (`MpesaKeC2B`) app customers pay by hand when they got no prompt. With it the
   * adapter offers `manualPayments`: its verified C2B webhooks complete the checkout whose
   * reference the customer typed as the account number.
   */
  paybillApp?: number | string;
  /** The secret of the app's webhook rule: `X-Salami-Signature` is checked with it. */
  webhookSecret: string;
  /** Default `sandbox`; `production` for a live app. Says what the kit is talking to. */
  environment?: PaymentAppsEnvironment;
  /** Per request, default 15 000. */
  timeoutMs?: number;
  /** Default `M-Pesa`: what the widget's method picker shows. */
  displayName?: string;
  fetch?: typeof fetch;
  /** Reads `Retry-After` dates; default the system clock. */
  clock?: Clock;
}

export interface PaymentAppsConfig {
  /** Without a trailing slash. */
  readonly baseUrl: string;
  readonly apiToken: string;
  /** Digits. */
  readonly paymentApp: string;
  /** Digits, when a payout app is configured. */
  readonly payoutApp?: string | undefined;
  /** Digits, when a paybill app is configured. */
  readonly paybillApp?: string | undefined;
  readonly webhookSecret: string;
  readonly environment: PaymentAppsEnvironment;
  readonly timeoutMs: number;
  readonly displayName: string;
  readonly fetch: typeof fetch;
  readonly clock: Clock;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
const MAX_TIMEOUT_MS = 120_000;

/** Required, and free of stray whitespace; the value is never echoed. */
function secret(name: string, where: string) {
  return z
    .string({ error: `${name} is required: ${where}.` })
    .min(1, { error: `${name} is required: ${where}.` })
    .refine((value) => value.trim() === value, {
      error: `${name} has leading or trailing whitespace (a copy-paste slip?): remove it.`,
    });
}

const baseUrlSchema = z
  .string({
    error: 'baseUrl is required: your gateway’s root URL, e.g. https://pay.example.co.ke.',
  })
  .refine((value) => URL.canParse(value), {
    error: 'baseUrl must be an absolute http(s) URL such as https://pay.example.co.ke.',
  })
  .transform((value) => new URL(value))
  .refine((url) => url.protocol === 'https:' || url.protocol === 'http:', {
    error: 'baseUrl must use http or https.',
  })
  .refine((url) => url.search === '' && url.hash === '', {
    error: 'baseUrl must not carry a query string or fragment.',
  })
  .refine((url) => !/\/api(\/pay)?\/?$/.test(url.pathname), {
    error: 'baseUrl is the gateway’s root: leave out /api/pay (the adapter adds it).',
  })
  .transform((url) => url.toString().replace(/\/+$/, ''));

const optionsSchema = z.strictObject(
  {
    baseUrl: baseUrlSchema,
    apiToken: secret('apiToken', 'create an API token in the gateway’s dashboard').refine(
      (value) => /^\d+\|\S+$/.test(value),
      {
        error: 'apiToken must be the plain token the dashboard showed once, shaped {id}|{secret}.',
      },
    ),
    paymentApp: z
      .union([z.number(), z.string()], {
        error: 'paymentApp is required: the id of your M-Pesa Express payment app, e.g. 1.',
      })
      .transform(String)
      .refine((value) => /^[1-9]\d{0,17}$/.test(value), {
        error: 'paymentApp must be your payment app’s id, a positive whole number such as 1.',
      }),
    payoutApp: z
      .union([z.number(), z.string()], {
        error: 'payoutApp must be the id of your B2C payment app, e.g. 3.',
      })
      .transform(String)
      .refine((value) => /^[1-9]\d{0,17}$/.test(value), {
        error: 'payoutApp must be your B2C payment app’s id, a positive whole number such as 3.',
      })
      .optional(),
    paybillApp: z
      .union([z.number(), z.string()], {
        error: 'paybillApp must be the id of your paybill (MpesaKeC2B) payment app, e.g. 4.',
      })
      .transform(String)
      .refine((value) => /^[1-9]\d{0,17}$/.test(value), {
        error: 'paybillApp must be your paybill app’s id, a positive whole number such as 4.',
      })
      .optional(),
    webhookSecret: secret(
      'webhookSecret',
      'copy the secret of your payment app’s webhook rule in the dashboard',
    ),
    environment: z
      .enum(['sandbox', 'production'], {
        error: 'environment must be "sandbox" or "production" (a live app).',
      })
      .default('sandbox'),
    timeoutMs: z
      .number({ error: 'timeoutMs must be a number of milliseconds.' })
      .int({ error: `timeoutMs must be a whole number of milliseconds.` })
      .min(1, { error: `timeoutMs must be from 1 to ${MAX_TIMEOUT_MS}.` })
      .max(MAX_TIMEOUT_MS, { error: `timeoutMs must be from 1 to ${MAX_TIMEOUT_MS}.` })
      .default(DEFAULT_TIMEOUT_MS),
    displayName: z
      .string({ error: 'displayName must be text.' })
      .trim()
      .min(1, { error: 'displayName must not be empty.' })
      .default('M-Pesa'),
    fetch: z
      .custom<typeof fetch>((value) => typeof value === 'function', {
        error: 'fetch must be a function with the signature of the global fetch.',
      })
      .optional(),
    clock: z
      .custom<Clock>(
        (value) =>
          typeof value === 'object' &&
          value !== null &&
          typeof (value as { now?: unknown }).now === 'function',
        { error: 'clock must be an object with a now() method returning epoch milliseconds.' },
      )
      .default(systemClock),
  },
  { error: 'paymentApps() needs an options object with your gateway URL, API token and app id.' },
);

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `Unknown option "${key}": check its spelling.`).join('\n- ');
  }
  return issue.message;
}

/** Parses and freezes the options; throws `ConfigError` listing every problem. */
export function parsePaymentAppsOptions(options: PaymentAppsOptions): PaymentAppsConfig {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(describeIssue);
    throw new ConfigError(`Invalid payment-apps options:\n- ${problems.join('\n- ')}`, {
      details: { problems, fields: parsed.error.issues.map((issue) => issue.path.join('.')) },
    });
  }
  const { fetch: injected, ...config } = parsed.data;
  if (injected === undefined && typeof globalThis.fetch !== 'function') {
    throw new ConfigError(
      'Invalid payment-apps options:\n- No fetch available: pass options.fetch or run on a runtime with a global fetch.',
    );
  }
  return Object.freeze({
    ...config,
    // Wrapped so the global is never called with another `this` (browsers throw "Illegal invocation").
    fetch: injected ?? (((input, init) => globalThis.fetch(input, init)) satisfies typeof fetch),
  });
}

/**
 * What the kit is talking to. The gateway is self-hosted per tenant, so no host name is
 * documented: an `https:` URL on a public host is the gateway (the app's environment); plain
 * `http:` or a loopback or private address is a stand-in such as the simulator.
 */
export function paymentAppsTarget(
  config: PaymentAppsConfig,
): 'sandbox' | 'production' | 'simulator' {
  const url = new URL(config.baseUrl);
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const local =
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '::1' ||
    host === '0.0.0.0' ||
    /^127\./.test(host) ||
    /^10\./.test(host) ||
    /^192\.168\./.test(host) ||
    /^172\.(1[6-9]|2\d|3[01])\./.test(host) ||
    /^(fc|fd)[0-9a-f]{2}:/.test(host);
  return url.protocol === 'https:' && !local ? config.environment : 'simulator';
}
