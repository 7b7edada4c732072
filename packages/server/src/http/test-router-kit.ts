/**
 * Test fixture for the router tests over real HTTP: a kit served per test (closed after it) with
 * a session and a `pay` request, and readers for problems, typed bodies and SSE frames.
 */
import type { PaymentView, ProblemDetails } from '@lipwa/core';
import { afterEach, expect } from 'vitest';
import { type ServedKit, serveKit } from '../testing/test-harness.js';

let served: ServedKit | undefined;

export interface PaymentBody {
  payment: PaymentView;
}

/** Response bodies are typed by what the protocol promises; the assertions check the rest. */
export async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

export async function setup(overrides: Parameters<typeof serveKit>[0] = {}) {
  served = await serveKit(overrides);
  const kit = served;
  const token = await kit.session();
  const auth = { authorization: `Bearer ${token}` };
  const pay = (body: unknown = { phone: '0708374149' }, headers: Record<string, string> = {}) =>
    fetch(`${kit.url}/payments`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  return { ...kit, token, auth, pay };
}

/** Closes the kit a test served, after each test of the calling file. */
export function closeServedKitAfterEach(): void {
  afterEach(async () => {
    await served?.close();
    served = undefined;
  });
}

export async function expectProblem(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  const body = await json<ProblemDetails>(response);
  expect(body).toMatchObject({
    type: `https://lipwa.dev/problems/${code}`,
    status,
    code,
    title: expect.any(String),
    detail: expect.any(String),
  });
  return body;
}

/** Reads `event: payment` frames from an SSE response until the server ends it. */
export async function readEvents(response: Response): Promise<{ events: unknown[]; text: string }> {
  const text = await response.text();
  const events = text
    .split('\n\n')
    .filter((frame) => frame.startsWith('event: payment'))
    .map((frame) => JSON.parse(frame.split('\ndata: ')[1] ?? 'null'));
  return { events, text };
}
