/**
 * The CashPay adapter's options, parsed once with zod into a frozen configuration. Every fatal
 * mistake is reported at start-up, all at once, saying what to change; secrets are never echoed.
 */
import { type Clock, ConfigError, systemClock } from '@lipwa/core';
import { z } from 'zod';

export type CashpayEnvironment = 'sandbox' | 'production';

export interface CashpayOptions {
  /** The API client id from the CashPay dashboard. */
  clientId: string;
  clientSecret: string;
  /**
   * The merchant account's currency, 3 letters (CashPay's example account takes YER). Charges in
   * any other currency are refused before anything is sent.
   */
  currency: string;
  /** Default `sandbox`. */
  environment?: CashpayEnvironment;
  /** Overrides the environment's host (the simulator: `${sim.url}/cashpay`). */
  baseUrl?: string;
  /** Per request, default 15 000. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  clock?: Clock;
}

export interface CashpayConfig {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly currency: string;
  readonly environment: CashpayEnvironment;
  /** Without a trailing slash. */
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly fetch: typeof fetch;
  readonly clock: Clock;
}

/**
 * ASSUMED hosts: CashPay's API reference is not public (see cashpay.md). Set `baseUrl` to the
 * host CashPay gives you; only these two count as the provider's own (`target`).
 */
export const cashpayHosts: Readonly<Record<CashpayEnvironment, string>> = Object.freeze({
  sandbox: 'https://sandbox.cashpay.com',
  production: 'https://api.cashpay.com',
});

export const DEFAULT_TIMEOUT_MS = 15_000;
const MAX_TIMEOUT_MS = 120_000;

const secret = (name: string) =>
  z
    .string(`${name} is required: copy it from the API settings of your CashPay dashboard.`)
    .min(1, `${name} is required: copy it from the API settings of your CashPay dashboard.`)
    // Say what is wrong without echoing the secret itself.
    .refine(
      (value) => value.trim() === value,
      `${name} has leading or trailing whitespace (a copy-paste slip?): remove it.`,
    );

const baseUrlSchema = z
  .string('baseUrl must be an absolute http(s) URL such as https://sandbox.cashpay.com.')
  .refine((value) => URL.canParse(value) && ['https:', 'http:'].includes(new URL(value).protocol), {
    message: 'baseUrl must be an absolute http(s) URL such as https://sandbox.cashpay.com.',
    abort: true,
  })
  .refine((value) => {
    const url = new URL(value);
    return url.search === '' && url.hash === '';
  }, 'baseUrl must not carry a query string or fragment.');

const optionsSchema = z.strictObject({
  clientId: secret('clientId'),
  clientSecret: secret('clientSecret'),
  currency: z
    .string('currency is required: the 3-letter code of your CashPay account, e.g. "YER".')
    .regex(
      /^[A-Z]{3}$/,
      'currency must be the 3-letter upper-case ISO 4217 code of your CashPay account, e.g. "YER".',
    ),
  environment: z
    .enum(['sandbox', 'production'], 'environment must be "sandbox" or "production".')
    .default('sandbox'),
  baseUrl: baseUrlSchema.optional(),
  timeoutMs: z
    .number(`timeoutMs must be a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS}.`)
    .int(`timeoutMs must be a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS}.`)
    .min(1, `timeoutMs must be a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS}.`)
    .max(
      MAX_TIMEOUT_MS,
      `timeoutMs must be a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS}.`,
    )
    .default(DEFAULT_TIMEOUT_MS),
  fetch: z
    .custom<typeof fetch>(
      (value) => typeof value === 'function',
      'fetch must be a function with the signature of the global fetch.',
    )
    .optional(),
  clock: z
    .custom<Clock>(
      (value) =>
        typeof value === 'object' &&
        value !== null &&
        typeof (value as { now?: unknown }).now === 'function',
      'clock must be an object with a now() method returning epoch milliseconds.',
    )
    .default(systemClock),
});

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `Unknown option "${key}": check its spelling.`).join('\n- ');
  }
  return issue.message;
}

/** Parses and freezes the options; throws `ConfigError` listing every problem. */
export function parseCashpayOptions(options: CashpayOptions): CashpayConfig {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigError(
      'cashpay() needs an options object with your CashPay client credentials and account currency.',
    );
  }
  const parsed = optionsSchema.safeParse(options);
  const problems = parsed.success ? [] : parsed.error.issues.map(describeIssue);
  // Wrapped so the global is never called with another `this` (browsers throw "Illegal invocation").
  const fetchImpl: typeof fetch | undefined =
    options.fetch ??
    (typeof globalThis.fetch === 'function'
      ? (input, init) => globalThis.fetch(input, init)
      : undefined);
  if (!fetchImpl) {
    problems.push(
      'No fetch available: pass options.fetch or run on a runtime with a global fetch.',
    );
  }
  if (!parsed.success || !fetchImpl) {
    throw new ConfigError(`Invalid CashPay options:\n- ${problems.join('\n- ')}`, {
      details: { problems },
    });
  }
  const data = parsed.data;
  return Object.freeze({
    clientId: data.clientId,
    clientSecret: data.clientSecret,
    currency: data.currency,
    environment: data.environment,
    baseUrl: (data.baseUrl ?? cashpayHosts[data.environment]).replace(/\/+$/, ''),
    timeoutMs: data.timeoutMs,
    fetch: fetchImpl,
    clock: data.clock,
  });
}
