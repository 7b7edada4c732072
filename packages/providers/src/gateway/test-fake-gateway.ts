/**
 * A scripted stand-in for the gateway's HTTP API, injected as `fetch`, plus the setup factory
 * the gateway unit tests share. Each operation answers its queued steps in order, then a
 * default (an in-progress c2b, a successful status). Every request is recorded.
 */

import type { CallbackInput, InitiateRequest, Msisdn } from '@lipwa/core';
import { fakeClock } from '@lipwa/core/testing';
import { type GatewayOptions, parseGatewayOptions } from './gateway-options.js';
import { createGatewaySigner, type GatewayParams } from './gateway-signature.js';

/** The documentation's own sample credentials (public, and the simulator's sandbox). */
export const sample = {
  publicId: 'f54ec96649be11ebb3780242ac130002',
  merchantId: 'e0fecd91fcb24f348048193b3fb34875ba3722b4',
  secretKey:
    'cf11635572c1e8d77297207152dc0791ad91f22b32d23c758ce3ba2637202ad8f7290ba41f2243cccf32edde1dfb8bf0f5dea62525309e293b3adb2c76eed6a5',
} as const;

export const FAKE_BASE_URL = 'https://gateway.test';
export const START_MS = Date.UTC(2026, 0, 15, 9, 30, 0);

export type GatewayRoute = 'payment_c2b' | 'payment_b2c' | 'deposit' | 'withdrawal' | 'status';

export type Step =
  | {
      readonly status: number;
      readonly body?: unknown;
      readonly text?: string;
      readonly headers?: Record<string, string>;
    }
  | { readonly kind: 'network-error' }
  | { readonly kind: 'timeout' }
  /** No answer until the request's signal aborts. */
  | { readonly kind: 'hang' };

export interface RecordedRequest {
  readonly route: GatewayRoute;
  readonly url: string;
  readonly headers: Headers;
  readonly rawBody: string;
  readonly json: Record<string, unknown>;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Step {
  return { status, body, headers };
}

/** An operation answer in the documented order. */
export function operationAnswer(
  orderId: string,
  status: number,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    order_id: orderId,
    transaction_id: '732007046722',
    transaction_ref: status === 2 ? 'TAF1B2C3D4' : '',
    status,
    result: { code: 0, message: 'OK' },
    provider_result: { code: status === 2 ? 0 : -8888, message: status === 2 ? 'OK' : 'Good' },
    service_id: 1,
    service_version: 11.1,
    service_date_time: '2026-01-15 09:30:00.000000',
    ...overrides,
  };
}

export function createFakeGateway() {
  const queues = new Map<GatewayRoute, Step[]>();
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

  const fakeFetch: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    const match = /^\/([^/]+)\/(payment_c2b|payment_b2c|deposit|withdrawal|status)$/.exec(
      url.pathname,
    );
    if (!match || url.origin !== FAKE_BASE_URL) {
      return new Response('{"result":{"code":4,"message":"NOT FOUND"}}', { status: 404 });
    }
    const route = match[2] as GatewayRoute;
    const rawBody = typeof init?.body === 'string' ? init.body : '';
    const parsed = JSON.parse(rawBody) as Record<string, unknown>;
    requests.push({
      route,
      url: url.toString(),
      headers: new Headers(init?.headers),
      rawBody,
      json: parsed,
    });
    const orderId = String(parsed.order_id);
    const defaultStatus = route === 'status' || route === 'deposit' ? 2 : 1;
    const step = queues.get(route)?.shift() ?? json(200, operationAnswer(orderId, defaultStatus));
    return answer(step, init?.signal);
  };

  return {
    fetch: fakeFetch,
    requests,
    script(route: GatewayRoute, ...steps: Step[]) {
      queues.set(route, [...(queues.get(route) ?? []), ...steps]);
    },
    requestsTo(route: GatewayRoute) {
      return requests.filter((request) => request.route === route);
    },
  };
}

/** A clock the test moves by hand: the repository's one fake clock. */
export const manualClock = fakeClock;

export function setupGateway(overrides: Partial<GatewayOptions> = {}) {
  const fake = createFakeGateway();
  const clock = manualClock(START_MS);
  const options: GatewayOptions = {
    ...sample,
    baseUrl: FAKE_BASE_URL,
    fetch: fake.fetch,
    clock,
    ...overrides,
  };
  return { fake, clock, options, config: parseGatewayOptions(options) };
}

export function paymentRequest(overrides: Partial<InitiateRequest> = {}): InitiateRequest {
  return {
    paymentId: 'pay_01J2Z3',
    amount: { amount: 150_000, currency: 'KES' },
    phone: '254708374149' as Msisdn,
    reference: 'ORDER-1042',
    description: 'Shoes',
    callbackUrl: 'https://shop.example/lipwa/callbacks/gateway/tok_9f8e7d',
    ...overrides,
  };
}

/** A callback as the gateway sends it: the documented generic fields, signed with `secretKey`. */
export async function signedCallback(
  fields: Record<string, unknown>,
  secretKey: string = sample.secretKey,
): Promise<CallbackInput> {
  // Undefined fields are left out, as JSON leaves them out.
  const body: GatewayParams = Object.fromEntries(
    Object.entries({
      transaction_id: '732007046722',
      service_id: 1,
      service_version: '5.2.0',
      service_date_time: '2026-01-15 09:31:00.000000',
      result: { code: 0, message: 'OK' },
      ...fields,
    }).filter(([, value]) => value !== undefined),
  );
  const signature = await createGatewaySigner(secretKey).sign(body);
  return callbackInput(JSON.stringify({ ...body, signature }));
}

export function callbackInput(rawBody: string): CallbackInput {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    rawBody,
    query: {},
    params: { provider: 'gateway', token: 'tok_9f8e7d' },
    remoteAddress: '203.0.113.7',
  };
}

/** A paybill callback in the documented format (field order as the sample), signed. */
export async function signedPaybill(
  fields: Record<string, unknown> = {},
  secretKey: string = sample.secretKey,
): Promise<CallbackInput> {
  const body: GatewayParams = Object.fromEntries(
    Object.entries({
      merchant_id: sample.merchantId,
      operation_type: 32,
      customer_id: '2547 ***** 149',
      amount: 100,
      currency: 'KES',
      order_id: '2023-03-15-15-25-12-255432',
      transaction_id: '',
      transaction_ref: 'RBQ0000000',
      status: 2,
      provider_id: 40,
      destination_id: '7000000',
      result: { code: 0, message: 'OK' },
      provider_result: { code: 0, message: '' },
      service_id: 1,
      service_version: '1.03/1.0|1.0/1.26|1.0/1.0|1.01/1.0|1.01/1.0||1.01/1.27',
      service_date_time: '2023-03-03 13:33:33.333333',
      extra: { BillRefNumber: '555555555', FirstName: 'ALEX', MiddleName: '', LastName: '' },
      ...fields,
    }).filter(([, value]) => value !== undefined),
  );
  const signature = await createGatewaySigner(secretKey).sign(body);
  return callbackInput(JSON.stringify({ ...body, signature }));
}
