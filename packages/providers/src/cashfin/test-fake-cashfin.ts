/**
 * A scripted stand-in for Cashfin's API, injected as `fetch`, plus the setup the unit tests
 * share. Queued steps answer in order, then a default acceptance; every request is recorded.
 */

import type { InitiateRequest, Msisdn } from '@lipwa/core';
import { type FakeClock, fakeClock } from '@lipwa/core/testing';
import { type CashfinOptions, parseCashfinOptions } from './cashfin-options.js';

export type Step =
  | {
      readonly status: number;
      readonly body?: unknown;
      readonly text?: string;
      readonly headers?: Readonly<Record<string, string>>;
    }
  /** The connection fails before any answer (fetch rejects with a TypeError). */
  | { readonly kind: 'network-error' }
  /** What fetch does when `AbortSignal.timeout` fires. */
  | { readonly kind: 'timeout' }
  /** No answer until the request's signal aborts. */
  | { readonly kind: 'hang' };

export interface RecordedRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly json: unknown;
}

export const FAKE_BASE_URL = 'https://cashfin.test';
export const CLIENT_SECRET = 'cs_test_8d7f6e5c4b3a';
export const WEBHOOK_SECRET = 'whsec_test_1a2b3c4d5e6f';
export const START_MS = Date.UTC(2025, 2, 14, 9, 30, 0);

export const accepted = {
  success: true,
  message: 'Payment created successfully',
  data: {
    checkoutrequestid: 'ws_CO_123456789',
    merchantrequestid: '12345-67890',
    responsecode: '0',
    responsedescription: 'Success. Request accepted for processing',
  },
};

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Step {
  return { status, body, headers };
}

export function createFakeCashfin() {
  const queue: Step[] = [];
  const requests: RecordedRequest[] = [];

  async function answer(step: Step, signal: AbortSignal | null | undefined): Promise<Response> {
    if ('status' in step) {
      const text = step.text ?? (step.body === undefined ? '' : JSON.stringify(step.body));
      return new Response(text, {
        status: step.status,
        headers: { 'content-type': 'application/json', ...step.headers },
      });
    }
    if (step.kind === 'network-error') throw new TypeError('fetch failed');
    if (step.kind === 'timeout') {
      throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    }
    return new Promise<Response>((_, reject) => {
      if (!signal) return;
      if (signal.aborted) reject(signal.reason);
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  }

  const fetch: typeof globalThis.fetch = async (input, init) => {
    const body = typeof init?.body === 'string' ? init.body : undefined;
    requests.push({
      url: String(input),
      method: init?.method ?? 'GET',
      headers: new Headers(init?.headers),
      json: body === undefined ? undefined : JSON.parse(body),
    });
    return answer(queue.shift() ?? json(200, accepted), init?.signal);
  };

  return {
    fetch,
    requests,
    script(...steps: Step[]) {
      queue.push(...steps);
    },
  };
}

/** A clock the test moves by hand (the repository's one fake clock), from START_MS. */
export function manualClock(startMs = START_MS): FakeClock {
  return fakeClock(startMs);
}

export function setupCashfin(overrides: Partial<CashfinOptions> = {}) {
  const fake = createFakeCashfin();
  const clock = manualClock();
  const options: CashfinOptions = {
    clientSecret: CLIENT_SECRET,
    webhookSecret: WEBHOOK_SECRET,
    baseUrl: FAKE_BASE_URL,
    fetch: fake.fetch,
    clock,
    ...overrides,
  };
  return { fake, clock, options, config: parseCashfinOptions(options) };
}

export function paymentRequest(overrides: Partial<InitiateRequest> = {}): InitiateRequest {
  return {
    paymentId: 'pay_01J2Z3',
    amount: { amount: 150_000, currency: 'KES' },
    phone: '254712345678' as Msisdn,
    reference: 'ORDER-001',
    description: 'Shoes',
    callbackUrl: 'https://shop.example/lipwa/callbacks/cashfin',
    ...overrides,
  };
}

export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the promise to reject');
    },
    (reason: unknown) => reason,
  );
}

/** A payment webhook shaped as the docs page assumes, with `data` overrides (`undefined` removes a field). */
export function webhookEvent(
  type: string,
  data: Record<string, unknown> = {},
): { type: string; data: Record<string, unknown> } {
  const base: Record<string, unknown> = {
    _id: '507f1f77bcf86cd799439011',
    checkoutrequestid: 'ws_CO_123456789',
    merchantrequestid: '12345-67890',
    referenceid: 'ORDER-001',
    amount: 1500,
    currency: 'KES',
    phone: '254712345678',
    channel: 'mpesa',
    status: 'completed',
    resultcode: '0',
    resultdesc: 'The service request is processed successfully.',
    mpesareceiptnumber: 'TCE7RT61SV',
    createdat: '2025-03-14T09:30:00.000Z',
    updatedat: '2025-03-14T09:30:12.000Z',
  };
  for (const [key, value] of Object.entries(data)) {
    if (value === undefined) delete base[key];
    else base[key] = value;
  }
  return { type, data: base };
}
