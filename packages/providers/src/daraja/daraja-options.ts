/**
 * The adapter's options, parsed once into a frozen configuration. Every fatal mistake is
 * reported at start-up, all at once, with what to change; secrets never appear in messages.
 */
import { type Clock, ConfigError, systemClock } from '@lipwa/core';
import { normaliseAddress } from './callback-sources.js';
import type { DarajaTimeZone } from './password.js';

export type DarajaEnvironment = 'sandbox' | 'production';
export type DarajaTransactionType = 'CustomerPayBillOnline' | 'CustomerBuyGoodsOnline';

export interface DarajaOptions {
  consumerKey: string;
  consumerSecret: string;
  /** BusinessShortCode, 5-7 digits (for a till: the store number). */
  shortcode: string;
  passkey: string;
  /** Default `sandbox`. */
  environment?: 'sandbox' | 'production';
  /** Overrides the environment's host (the simulator: `${sim.url}/daraja`). */
  baseUrl?: string;
  /** Default `CustomerPayBillOnline`. */
  transactionType?: 'CustomerPayBillOnline' | 'CustomerBuyGoodsOnline';
  /** Default the shortcode; the till number for buy goods. */
  partyB?: string;
  /** Per request, default 15 000. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  clock?: Clock;
  /** Default `Africa/Nairobi` (UTC+3, no DST). */
  timestampTimeZone?: 'Africa/Nairobi' | 'UTC';
  /** When set, callbacks from any other `remoteAddress` are refused. Off by default. */
  allowedSourceIps?: readonly string[];
  /**
   * The API user (initiator) for B2C, transaction status, reversal and account balance, as set
   * up on the M-Pesa org portal (`testapi` in the sandbox).
   */
  initiatorName?: string;
  /**
   * The initiator's password RSA-encrypted with Safaricom's certificate, base64, as the Daraja
   * portal generates it. Lipwa sends it as it is and never logs it.
   */
  securityCredential?: string;
  /**
   * A secret the C2B and result URLs you give Daraja carry as their last path segment (the kit's
   * `:token`) or as `?token=`. Daraja signs nothing, so C2B and async-result callbacks are only
   * trusted when they carry it or come from `allowedSourceIps`.
   */
  callbackToken?: string;
}

export interface DarajaConfig {
  readonly consumerKey: string;
  readonly consumerSecret: string;
  readonly shortcode: string;
  readonly passkey: string;
  readonly environment: DarajaEnvironment;
  /** Without a trailing slash. */
  readonly baseUrl: string;
  readonly transactionType: DarajaTransactionType;
  readonly partyB: string;
  readonly timeoutMs: number;
  readonly fetch: typeof fetch;
  readonly clock: Clock;
  readonly timestampTimeZone: DarajaTimeZone;
  /** Normalised addresses, or undefined when the check is off. */
  readonly allowedSourceIps: ReadonlySet<string> | undefined;
  readonly initiatorName: string | undefined;
  readonly securityCredential: string | undefined;
  readonly callbackToken: string | undefined;
}

export const darajaHosts: Readonly<Record<DarajaEnvironment, string>> = Object.freeze({
  sandbox: 'https://sandbox.safaricom.co.ke',
  production: 'https://api.safaricom.co.ke',
});

export const DEFAULT_TIMEOUT_MS = 15_000;
const MAX_TIMEOUT_MS = 120_000;

const knownKeys = new Set<string>([
  'consumerKey',
  'consumerSecret',
  'shortcode',
  'passkey',
  'environment',
  'baseUrl',
  'transactionType',
  'partyB',
  'timeoutMs',
  'fetch',
  'clock',
  'timestampTimeZone',
  'allowedSourceIps',
  'initiatorName',
  'securityCredential',
  'callbackToken',
]);

/** Shorter tokens are guessable; 16 characters of a random id is the least the kit generates. */
export const CALLBACK_TOKEN_MIN_LENGTH = 16;

function secretProblem(name: string, value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') {
    return `${name} is required: copy it from your app on the Daraja portal.`;
  }
  // Say what is wrong without echoing the secret itself.
  if (value.trim() !== value) {
    return `${name} has leading or trailing whitespace (a copy-paste slip?): remove it.`;
  }
  return undefined;
}

function parseBaseUrl(value: unknown, problems: string[]): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !URL.canParse(value)) {
    problems.push(
      'baseUrl must be an absolute http(s) URL such as https://sandbox.safaricom.co.ke.',
    );
    return undefined;
  }
  const url = new URL(value);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    problems.push(`baseUrl must use http or https, got ${url.protocol}`);
    return undefined;
  }
  if (url.search !== '' || url.hash !== '') {
    problems.push('baseUrl must not carry a query string or fragment.');
    return undefined;
  }
  return value.replace(/\/+$/, '');
}

/** Parses and freezes the options; throws `config_invalid` listing every problem. */
export function parseDarajaOptions(options: DarajaOptions): DarajaConfig {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigError('daraja() needs an options object with your Daraja app credentials.');
  }
  const problems: string[] = [];
  for (const key of Object.keys(options)) {
    if (!knownKeys.has(key)) problems.push(`Unknown option "${key}": check its spelling.`);
  }
  for (const name of ['consumerKey', 'consumerSecret', 'passkey'] as const) {
    const problem = secretProblem(name, options[name]);
    if (problem) problems.push(problem);
  }

  const shortcode = options.shortcode;
  if (typeof shortcode !== 'string' || !/^\d{5,7}$/.test(shortcode)) {
    problems.push(
      'shortcode must be your BusinessShortCode as 5-7 digits (for a till: the store number), e.g. "174379".',
    );
  }
  const environment = options.environment ?? 'sandbox';
  if (environment !== 'sandbox' && environment !== 'production') {
    problems.push(`environment must be "sandbox" or "production", got "${String(environment)}".`);
  }
  const transactionType = options.transactionType ?? 'CustomerPayBillOnline';
  if (transactionType !== 'CustomerPayBillOnline' && transactionType !== 'CustomerBuyGoodsOnline') {
    problems.push(
      'transactionType must be "CustomerPayBillOnline" (paybill) or "CustomerBuyGoodsOnline" (till).',
    );
  }
  const partyB = options.partyB ?? shortcode;
  if (
    options.partyB !== undefined &&
    (typeof options.partyB !== 'string' || !/^\d{5,7}$/.test(options.partyB))
  ) {
    problems.push('partyB must be the receiving shortcode or till number as 5-7 digits.');
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > MAX_TIMEOUT_MS) {
    problems.push(`timeoutMs must be a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS}.`);
  }
  // Wrapped so the global is never called with another `this` (browsers throw "Illegal invocation").
  const fetchImpl: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  if (
    typeof fetchImpl !== 'function' ||
    (options.fetch === undefined && typeof globalThis.fetch !== 'function')
  ) {
    problems.push(
      'No fetch available: pass options.fetch or run on a runtime with a global fetch.',
    );
  }
  const clock = options.clock ?? systemClock;
  if (typeof clock !== 'object' || clock === null || typeof clock.now !== 'function') {
    problems.push('clock must be an object with a now() method returning epoch milliseconds.');
  }
  const timestampTimeZone = options.timestampTimeZone ?? 'Africa/Nairobi';
  if (timestampTimeZone !== 'Africa/Nairobi' && timestampTimeZone !== 'UTC') {
    problems.push('timestampTimeZone must be "Africa/Nairobi" or "UTC".');
  }
  const baseUrl = parseBaseUrl(options.baseUrl, problems);
  let allowedSourceIps: ReadonlySet<string> | undefined;
  if (options.allowedSourceIps !== undefined) {
    const list = options.allowedSourceIps;
    if (
      !Array.isArray(list) ||
      list.length === 0 ||
      !list.every((ip) => typeof ip === 'string' && /^[0-9a-fA-F:.]+$/.test(ip.trim()))
    ) {
      problems.push(
        'allowedSourceIps must be a non-empty list of IP addresses (see darajaCallbackSourceIps), or left out.',
      );
    } else {
      allowedSourceIps = new Set(list.map(normaliseAddress));
    }
  }

  for (const name of ['initiatorName', 'securityCredential'] as const) {
    if (options[name] !== undefined) {
      const problem = secretProblem(name, options[name]);
      if (problem) problems.push(problem);
    }
  }
  const callbackToken = options.callbackToken;
  if (
    callbackToken !== undefined &&
    (typeof callbackToken !== 'string' ||
      !new RegExp(`^[A-Za-z0-9_-]{${CALLBACK_TOKEN_MIN_LENGTH},128}$`).test(callbackToken))
  ) {
    problems.push(
      `callbackToken must be ${CALLBACK_TOKEN_MIN_LENGTH}-128 letters, digits, "_" or "-" (it goes in a URL path), e.g. a random id.`,
    );
  }

  if (problems.length > 0) {
    throw new ConfigError(`Invalid Daraja options:\n- ${problems.join('\n- ')}`, {
      details: { problems },
    });
  }
  return Object.freeze({
    consumerKey: options.consumerKey,
    consumerSecret: options.consumerSecret,
    shortcode: shortcode as string,
    passkey: options.passkey,
    environment,
    baseUrl: baseUrl ?? darajaHosts[environment],
    transactionType,
    partyB: partyB as string,
    timeoutMs,
    fetch: fetchImpl,
    clock,
    timestampTimeZone,
    allowedSourceIps,
    initiatorName: options.initiatorName,
    securityCredential: options.securityCredential,
    callbackToken,
  });
}
