/**
 * The Cashfin adapter's options, parsed once with zod into a frozen configuration. Every fatal
 * mistake is reported at start-up, all at once, with what to change; secrets never appear in
 * messages (only option names and what is wrong with them).
 */
import { type Clock, ConfigError, systemClock } from '@lipwa/core';
import { z } from 'zod';

/** Cashfin documents one environment: its production API. */
export type CashfinEnvironment = 'production';

export const cashfinHosts: Readonly<Record<CashfinEnvironment, string>> = Object.freeze({
  production: 'https://api.cashfin.africa',
});

export interface CashfinOptions {
  /** The client secret from the Cashfin dashboard (`cs_…`), sent bare in `Authorization`. */
  clientSecret: string;
  /** The webhook signing secret from the dashboard: verifies `x-cashfin-signature`. */
  webhookSecret: string;
  /** Default and only value `production`. */
  environment?: CashfinEnvironment;
  /** Overrides the environment's host (the simulator: `${sim.url}/cashfin`). */
  baseUrl?: string;
  /** Per request, default 15 000. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  clock?: Clock;
  /**
   * Waits out a 429's `retry_after` before the typed operations (invoices, subscriptions, …)
   * try again; default a timer. Tests pass one that moves their clock instead.
   */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /**
   * The longest `retry_after` the typed operations wait out by themselves (default 60 000);
   * a longer one is thrown at once as a retryable `ProviderError` with `retryAfterMs`.
   */
  maxRetryWaitMs?: number;
}

export interface CashfinConfig {
  readonly clientSecret: string;
  readonly webhookSecret: string;
  readonly environment: CashfinEnvironment;
  /** Without a trailing slash. */
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly fetch: typeof fetch;
  readonly clock: Clock;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly maxRetryWaitMs: number;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_RETRY_WAIT_MS = 60_000;
const MAX_RETRY_WAIT_LIMIT_MS = 3_600_000;

/** A real timer that stops early when the caller's signal aborts. */
export function timerSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
const MAX_TIMEOUT_MS = 120_000;

function secret(name: string, where: string) {
  const required = `${name} is required: ${where}`;
  return z
    .string({ error: required })
    .min(1, required)
    .refine(
      (value) => value.trim() === value,
      `${name} has leading or trailing whitespace (a copy-paste slip?): remove it.`,
    );
}

function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.search + url.hash === '';
}

const optionsSchema = z
  .strictObject({
    clientSecret: secret(
      'clientSecret',
      'create a client secret (it starts with "cs_") in the Cashfin dashboard.',
    ).refine(
      (value) => /^cs_\S+$/.test(value),
      'clientSecret must be the client secret, which starts with "cs_" (not the webhook secret).',
    ),
    webhookSecret: secret(
      'webhookSecret',
      'copy the signing secret of the webhook you registered in the Cashfin dashboard.',
    ),
    environment: z
      .literal('production', {
        error:
          'environment must be "production": Cashfin has one environment (https://api.cashfin.africa); for tests set baseUrl to the simulator instead.',
      })
      .default('production'),
    baseUrl: z
      .string({
        error: 'baseUrl must be an absolute http(s) URL such as https://api.cashfin.africa.',
      })
      .refine(isHttpUrl, 'baseUrl must be an absolute http(s) URL without query or fragment.')
      .transform((value) => value.replace(/\/+$/, ''))
      .optional(),
    timeoutMs: z
      .number({
        error: `timeoutMs must be a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS}.`,
      })
      .int(`timeoutMs must be a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS}.`)
      .min(1, `timeoutMs must be a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS}.`)
      .max(
        MAX_TIMEOUT_MS,
        `timeoutMs must be a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS}.`,
      )
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
    sleep: z
      .custom<(ms: number, signal?: AbortSignal) => Promise<void>>(
        (value) => typeof value === 'function',
        'sleep must be a function (ms, signal) returning a promise.',
      )
      .default(() => timerSleep),
    maxRetryWaitMs: z
      .number({
        error: `maxRetryWaitMs must be a whole number of milliseconds from 0 to ${MAX_RETRY_WAIT_LIMIT_MS}.`,
      })
      .int(
        `maxRetryWaitMs must be a whole number of milliseconds from 0 to ${MAX_RETRY_WAIT_LIMIT_MS}.`,
      )
      .min(0, `maxRetryWaitMs must be from 0 to ${MAX_RETRY_WAIT_LIMIT_MS}.`)
      .max(MAX_RETRY_WAIT_LIMIT_MS, `maxRetryWaitMs must be from 0 to ${MAX_RETRY_WAIT_LIMIT_MS}.`)
      .default(DEFAULT_MAX_RETRY_WAIT_MS),
  })
  .refine((options) => options.clientSecret !== options.webhookSecret, {
    path: ['webhookSecret'],
    message:
      'webhookSecret is the same as clientSecret: use the webhook signing secret from the dashboard.',
  });

function describeIssue(issue: z.core.$ZodIssue): string[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `Unknown option "${key}": check its spelling.`);
  }
  return [issue.message];
}

/** Parses and freezes the options; throws `ConfigError` listing every problem. */
export function parseCashfinOptions(options: CashfinOptions): CashfinConfig {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigError(
      'cashfin() needs an options object with your clientSecret and webhookSecret.',
    );
  }
  const parsed = optionsSchema.safeParse(options);
  const problems = parsed.success ? [] : parsed.error.issues.flatMap(describeIssue);
  // Wrapped so the global is never called with another `this` (browsers throw "Illegal invocation").
  const fetchImpl: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  if (options.fetch === undefined && typeof globalThis.fetch !== 'function') {
    problems.push(
      'No fetch available: pass options.fetch or run on a runtime with a global fetch.',
    );
  }
  if (!parsed.success || problems.length > 0) {
    throw new ConfigError(`Invalid Cashfin options:\n- ${problems.join('\n- ')}`, {
      details: { problems },
    });
  }
  const { data } = parsed;
  return Object.freeze({
    clientSecret: data.clientSecret,
    webhookSecret: data.webhookSecret,
    environment: data.environment,
    baseUrl: data.baseUrl ?? cashfinHosts[data.environment],
    timeoutMs: data.timeoutMs,
    fetch: fetchImpl,
    clock: data.clock,
    sleep: data.sleep,
    maxRetryWaitMs: data.maxRetryWaitMs,
  });
}
