import { type Clock, ConfigError, systemClock } from '@lipwa/core';
import { z } from 'zod';

export interface SimulatorOptions {
  /** Port to listen on; default 0 (a random free port). The bin uses 8787 or `$PORT`. */
  port?: number;
  /** Interface to bind; default `127.0.0.1`. */
  host?: string;
  /** Magic numbers settle after this many milliseconds; default 0 in process, 3000 in the bin. */
  autoResolveDelayMs?: number;
  /** An unanswered prompt settles as ResultCode 1037 after this long; default 60 000. */
  promptTimeoutMs?: number;
  /** OAuth token lifetime; default 3600 (sent as `expires_in: "3599"`). */
  tokenLifetimeSeconds?: number;
  /** Where log lines go; default silent in process, the console in the bin. Phones are masked, secrets never logged. */
  log?: (line: string) => void;
  /** Time source for token expiry, prompt timeouts, ids and receipts; default the system clock. */
  clock?: Clock;
  /** How long one callback delivery may take before it is abandoned and logged; default 10 000. */
  callbackTimeoutMs?: number;
  /** OAuth `expires_in` as Daraja sends it in practice (`"3599"`, the default) or as the portal shows it (`3599`). */
  expiresInAs?: 'string' | 'number';
  /**
   * How Daraja's STK query answers while the customer has not answered: `'result-code'` (default,
   * current Daraja: HTTP 200, ResultCode `"4999"` "The transaction is still under processing") or
   * `'error'` (as daraja.md documents: HTTP 500 `500.001.1001` "The transaction is being processed").
   */
  pendingQuery?: 'result-code' | 'error';
  /**
   * Webhook URLs as a merchant registers them in a provider's dashboard, for providers that take
   * no callback URL per request: `{ cashfin: 'http://127.0.0.1:3000/lipwa/callbacks/cashfin' }`.
   */
  webhooks?: Partial<Record<'cashfin' | 'payment-apps', string>>;
  /** The simulated CashPay account's currency (a property of the account); default `YER`. */
  cashpayCurrency?: string;
}

export interface SimulatorConfig {
  readonly port: number;
  readonly host: string;
  readonly autoResolveDelayMs: number;
  readonly promptTimeoutMs: number;
  readonly tokenLifetimeSeconds: number;
  readonly log: (line: string) => void;
  readonly clock: Clock;
  readonly callbackTimeoutMs: number;
  readonly expiresInAs: 'string' | 'number';
  readonly pendingQuery: 'result-code' | 'error';
  readonly webhooks: Readonly<Partial<Record<'cashfin' | 'payment-apps', string>>>;
  readonly cashpayCurrency: string;
}

const milliseconds = z.number().int().min(0).max(2_147_483_647);

const optionsSchema = z.object({
  port: z.number().int().min(0).max(65_535).default(0),
  host: z.string().min(1).default('127.0.0.1'),
  autoResolveDelayMs: milliseconds.default(0),
  promptTimeoutMs: milliseconds.min(1).default(60_000),
  tokenLifetimeSeconds: z.number().int().min(1).max(86_400).default(3600),
  log: z
    .custom<(line: string) => void>((value) => typeof value === 'function', 'must be a function')
    .default(() => () => {}),
  clock: z
    .custom<Clock>(
      (value) =>
        typeof value === 'object' &&
        value !== null &&
        typeof (value as { now?: unknown }).now === 'function',
      'must be an object with a now() method returning epoch milliseconds',
    )
    .default(() => systemClock),
  callbackTimeoutMs: milliseconds.min(1).default(10_000),
  expiresInAs: z.enum(['string', 'number']).default('string'),
  pendingQuery: z.enum(['result-code', 'error']).default('result-code'),
  webhooks: z
    .strictObject({ cashfin: z.url().optional(), 'payment-apps': z.url().optional() })
    .default({}),
  cashpayCurrency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be a 3-letter ISO 4217 code such as YER')
    .default('YER'),
});

/** Parses options once into a frozen configuration; throws `config_invalid` saying what to fix. */
export function parseOptions(options: SimulatorOptions = {}): SimulatorConfig {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || 'options'}: ${issue.message}`)
      .join('; ');
    throw new ConfigError(`Invalid simulator options (${problems}).`, {
      details: { issues: parsed.error.issues.map((issue) => issue.path.join('.')) },
    });
  }
  return Object.freeze({ ...parsed.data });
}
