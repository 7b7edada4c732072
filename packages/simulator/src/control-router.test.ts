import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DarajaFixture, startDarajaFixture } from './test-daraja-client.js';

let fx: DarajaFixture;
beforeEach(async () => {
  fx = await startDarajaFixture({ autoResolveDelayMs: 1_000, promptTimeoutMs: 30_000 });
});
afterEach(async () => {
  await fx.close();
});

function control(path: string, init: { method?: string; body?: unknown } = {}): Promise<Response> {
  return fetch(`${fx.simulator.url}/_control${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    ...(init.body === undefined
      ? {}
      : {
          headers: { 'content-type': 'application/json' },
          body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
        }),
  });
}

describe('control API over HTTP', () => {
  it('GET /prompts lists pending prompts, optionally for one msisdn', async () => {
    const id = await fx.pushAccepted({ PartyA: 254712345678, PhoneNumber: 254712345678 });
    await fx.pushAccepted();

    const all = (await (await control('/prompts')).json()) as unknown[];
    const one = await (await control('/prompts?msisdn=254712345678')).json();

    expect(all).toHaveLength(2);
    expect(one).toEqual([
      expect.objectContaining({ id, provider: 'daraja', phone: '254712345678' }),
    ]);
  });

  it('POST /prompts/:id/resolve settles the prompt and sends its callback before answering', async () => {
    const id = await fx.pushAccepted();

    const response = await control(`/prompts/${id}/resolve`, { body: { resultCode: 2001 } });

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ checkoutRequestId: id, resultCode: '2001' });
    expect(fx.receiver.received).toHaveLength(1);
  });

  it('POST /prompts/:id/resolve takes codes given as text, including non-numeric ones', async () => {
    const id = await fx.pushAccepted();

    const response = await control(`/prompts/${id}/resolve`, {
      body: { resultCode: 'SFC_IC0003' },
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ resultCode: 'SFC_IC0003' });
    expect(fx.receiver.received[0]?.body).toMatchObject({
      Body: {
        stkCallback: { ResultCode: 'SFC_IC0003', ResultDesc: 'The operator does not exist' },
      },
    });
  });

  it('answers problem details: 400 for a bad body, 404 for an unknown id, 409 when already settled', async () => {
    const id = await fx.pushAccepted();

    const bad = await control(`/prompts/${id}/resolve`, { body: { resultCode: true } });
    const undocumented = await control(`/prompts/${id}/resolve`, { body: { resultCode: 'zero' } });
    const broken = await control(`/prompts/${id}/resolve`, { body: '{"resultCode":' });
    const unknown = await control('/prompts/ws_CO_nope/resolve', { body: { resultCode: 0 } });
    await control(`/prompts/${id}/resolve`, { body: { resultCode: 0 } });
    const again = await control(`/prompts/${id}/resolve`, { body: { resultCode: 0 } });

    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(await bad.json()).toMatchObject({
      code: 'invalid_request',
      detail: expect.stringContaining('resultCode'),
    });
    expect(undocumented.status).toBe(400);
    expect(await undocumented.json()).toMatchObject({ code: 'invalid_field' });
    expect(broken.status).toBe(400);
    expect(unknown.status).toBe(404);
    expect(again.status).toBe(409);
  });

  it('POST /faults queues a fault, GET lists it, DELETE clears it', async () => {
    const created = await control('/faults', {
      body: { operation: 'oauth', kind: 'http', status: 503, times: 3 },
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({
      operation: 'oauth',
      kind: 'http',
      status: 503,
      remaining: 3,
    });
    expect(await (await control('/faults')).json()).toHaveLength(1);

    const cleared = await control('/faults', { method: 'DELETE' });

    expect(cleared.status).toBe(204);
    expect(await (await control('/faults')).json()).toEqual([]);
  });

  it('refuses malformed faults with 400 and a message naming each problem', async () => {
    const response = await control('/faults', {
      body: { operation: 'stkpush', kind: 'explode', times: 0 },
    });

    expect(response.status).toBe(400);
    const problem = (await response.json()) as { detail: string };
    expect(problem.detail).toMatch(/kind/);
    expect(problem.detail).toMatch(/times/);
    expect(fx.simulator.control.faults()).toEqual([]);
  });

  it('GET /callbacks shows every delivery with its answer', async () => {
    const id = await fx.pushAccepted({ PartyA: 254711000000, PhoneNumber: 254711000000 });
    await control('/advance', { body: { ms: 1_000 } });

    const log = await (await control('/callbacks')).json();

    expect(log).toEqual([
      {
        provider: 'daraja',
        url: fx.receiver.url,
        requestId: id,
        body: expect.objectContaining({ Body: expect.any(Object) }),
        status: 200,
        at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    ]);
  });

  it('POST /advance moves simulated time and refuses negative amounts', async () => {
    await fx.pushAccepted();

    const refused = await control('/advance', { body: { ms: -1 } });
    const moved = await control('/advance', { body: { ms: 30_000 } });

    expect(refused.status).toBe(400);
    expect(moved.status).toBe(204);
    expect(fx.simulator.control.prompts()).toEqual([]);
    expect(fx.receiver.received).toHaveLength(1);
  });

  it('POST /reset forgets everything', async () => {
    await fx.pushAccepted();

    const response = await control('/reset', { method: 'POST' });

    expect(response.status).toBe(204);
    expect(await (await control('/prompts')).json()).toEqual([]);
  });

  it('answers 404 problem details for unknown control paths', async () => {
    const response = await control('/nothing-here');

    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'not_found' });
  });
});
