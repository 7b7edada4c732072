/**
 * `LipwaOptions.webhooks`: the merchant's endpoints (URL, `whsec_` secrets, event types) and the
 * sender's timings, parsed once. A non-`https:` URL is refused in production; loopback `http:`
 * is allowed in development so a shop can receive its own webhooks locally.
 */
import { ConfigError } from '@lipwa/core';
import { z } from 'zod';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from './webhook-delivery.js';

const HOUR_MS = 60 * 60 * 1000;

function positive(name: string, fallback: number) {
  return z
    .custom<number>((value) => typeof value === 'number' && Number.isFinite(value) && value > 0, {
      error: (issue) => `${name} must be a positive number, got ${String(issue.input)}.`,
    })
    .default(fallback);
}

const SECRET_PATTERN = /^whsec_[A-Za-z0-9+/]+={0,2}$/;

const endpointSchema = z.strictObject({
  id: z
    .string({ error: 'webhooks.endpoints[].id must be a short name, e.g. "orders".' })
    .regex(/^[A-Za-z0-9_-]{1,64}$/, {
      error: 'webhooks.endpoints[].id must be 1-64 letters, digits, "_" or "-".',
    }),
  url: z.string({ error: 'webhooks.endpoints[].url must be the absolute URL to POST to.' }),
  secrets: z
    .array(
      z.string().regex(SECRET_PATTERN, {
        error: 'each webhooks.endpoints[].secrets entry must be a "whsec_<base64>" secret.',
      }),
    )
    .min(1, { error: 'webhooks.endpoints[].secrets needs at least one whsec_ secret.' })
    .max(2, {
      error: 'webhooks.endpoints[].secrets takes one secret, or two while rotating (new first).',
    }),
  events: z
    .array(z.enum(WEBHOOK_EVENT_TYPES), {
      error: `webhooks.endpoints[].events must list event types from: ${WEBHOOK_EVENT_TYPES.join(', ')}.`,
    })
    .min(1, { error: 'webhooks.endpoints[].events must list at least one event type.' }),
});

export const webhooksOptionsSchema = z.strictObject({
  endpoints: z.array(endpointSchema, {
    error: 'webhooks.endpoints must be an array of { id, url, secrets, events }.',
  }),
  /** A merchant endpoint that has not answered by then is a failed attempt (default 15 s). */
  timeoutMs: positive('webhooks.timeoutMs', 15_000),
  /** Retries go on for at least this long after the event (default 72 h). */
  retryWindowMs: positive('webhooks.retryWindowMs', 72 * HOUR_MS),
  /** The ceiling of the first retry's jittered delay; it doubles each retry. */
  firstRetryDelayMs: positive('webhooks.firstRetryDelayMs', 5_000),
  /** No retry delay's ceiling grows past this. */
  maxRetryDelayMs: positive('webhooks.maxRetryDelayMs', 6 * HOUR_MS),
  /** How often each instance looks for due deliveries. */
  pollIntervalMs: positive('webhooks.pollIntervalMs', 1_000),
  /** How long a sender holds a delivery; past it another instance takes it over. */
  leaseMs: positive('webhooks.leaseMs', 60_000),
  /** Deliveries leased per poll. */
  batchSize: positive('webhooks.batchSize', 20),
  fetch: z
    .custom<typeof fetch>((value) => typeof value === 'function', {
      error: 'webhooks.fetch must be a fetch function.',
    })
    .optional(),
  /** A number in [0, 1) for the jitter; injectable for tests. */
  random: z
    .custom<() => number>((value) => typeof value === 'function', {
      error: 'webhooks.random must be a function returning a number in [0, 1).',
    })
    .optional(),
});

export type WebhooksOptions = z.input<typeof webhooksOptionsSchema>;

export interface WebhookEndpoint {
  readonly id: string;
  readonly url: URL;
  /** Newest first; every one signs each delivery, so receivers on either secret verify. */
  readonly secrets: readonly string[];
  readonly events: ReadonlySet<WebhookEventType>;
}

export interface WebhooksConfig {
  readonly endpoints: readonly WebhookEndpoint[];
  readonly timeoutMs: number;
  readonly retryWindowMs: number;
  readonly firstRetryDelayMs: number;
  readonly maxRetryDelayMs: number;
  readonly pollIntervalMs: number;
  readonly leaseMs: number;
  readonly batchSize: number;
  readonly fetch: typeof fetch;
  readonly random: () => number;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function endpointUrl(raw: string, id: string, environment: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`createLipwa: webhooks endpoint "${id}" has an invalid url: ${raw}.`);
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && environment !== 'production' && LOOPBACK.has(url.hostname)) {
    return url;
  }
  throw new ConfigError(
    `createLipwa: webhooks endpoint "${id}" must use https: (got ${url.protocol}//${url.host}); plain http is allowed only for loopback hosts outside production.`,
  );
}

/** Parses `webhooks` (already through zod) into the frozen config, checking each URL. */
export function toWebhooksConfig(
  parsed: z.output<typeof webhooksOptionsSchema>,
  environment: 'production' | 'development',
): WebhooksConfig {
  const ids = new Set<string>();
  const endpoints = parsed.endpoints.map((endpoint) => {
    if (ids.has(endpoint.id)) {
      throw new ConfigError(`createLipwa: two webhooks endpoints have the id "${endpoint.id}".`);
    }
    ids.add(endpoint.id);
    return Object.freeze({
      id: endpoint.id,
      url: endpointUrl(endpoint.url, endpoint.id, environment),
      secrets: Object.freeze([...endpoint.secrets]),
      events: new Set(endpoint.events),
    });
  });
  const { endpoints: _, fetch: injected, random, ...timings } = parsed;
  return Object.freeze({
    ...timings,
    endpoints: Object.freeze(endpoints),
    fetch: injected ?? globalThis.fetch.bind(globalThis),
    random: random ?? Math.random,
  });
}

/** Parses raw options (for tests and the CLI); `createLipwa` goes through its own schema. */
export function parseWebhooksOptions(
  options: WebhooksOptions,
  environment: 'production' | 'development' = 'development',
): WebhooksConfig {
  const parsed = webhooksOptionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new ConfigError(
      `createLipwa: ${parsed.error.issues.map((issue) => issue.message).join(' ')}`,
    );
  }
  return toWebhooksConfig(parsed.data, environment);
}
