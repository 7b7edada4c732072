import { CheckoutError, type FetchLike } from '@lipwa/checkout';
import { describe, expect, it } from 'vitest';
import { createSessionClient } from './session-client.js';

interface Call {
  readonly url: string;
  readonly init: RequestInit | undefined;
}

/** A scripted shop: answers every request with `response` and records what was asked. */
function setup(response: () => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, init });
    return response();
  };
  return { calls, createSession: createSessionClient({ apiBase: '/lipwa/', fetch }) };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('asking the shop for a checkout session', () => {
  it('posts only the product id to /sessions and returns the token', async () => {
    const { calls, createSession } = setup(() =>
      json(201, { token: 'eyJhbGciOiJIUzI1NiJ9.session', session: { id: 'ses_1' } }),
    );

    const token = await createSession('kikoi');

    expect(token).toBe('eyJhbGciOiJIUzI1NiJ9.session');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe('/lipwa/sessions');
    expect(calls[0]?.init?.method).toBe('POST');
    expect(calls[0]?.init?.body).toBe('{"product":"kikoi"}');
  });

  it('passes on the problem detail the shop sends when it refuses the product', async () => {
    const { createSession } = setup(() =>
      json(422, {
        type: 'https://lipwa.dev/problems/invalid_field',
        title: 'Invalid field',
        status: 422,
        code: 'invalid_field',
        detail: 'Name a product from the catalogue.',
      }),
    );

    const error = await createSession('chai').catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(CheckoutError);
    expect(error).toMatchObject({
      code: 'invalid_request',
      status: 422,
      message: 'Name a product from the catalogue.',
    });
  });

  it('reports an unreachable shop as offline with how to fix it', async () => {
    const { createSession } = setup(() => Promise.reject(new TypeError('fetch failed')));

    const error = await createSession('kiondo').catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(CheckoutError);
    expect((error as CheckoutError).offline).toBe(true);
    expect((error as CheckoutError).message).toMatch(/check the connection/);
  });

  it('refuses an answer without a token instead of rendering a widget that cannot load', async () => {
    const { createSession } = setup(() => json(201, { session: { id: 'ses_1' } }));

    await expect(createSession('kikoi')).rejects.toThrow(/must answer JSON \{ "token"/);
  });
});
