/**
 * The simulator's Daraja engine: the faults the control API injects, and what each does to
 * requests and callbacks.
 */
import { describe, expect, it } from 'vitest';
import { until, yieldTurns } from '../test-daraja-client.js';
import {
  AUTO_RESOLVE_MS,
  callbacks,
  fx,
  pushFrom,
  startFixtureForEachTest,
} from './test-daraja-engine-setup.js';

startFixtureForEachTest();

describe('faults', () => {
  it('http: answers the given status and envelope, `times` times, then behaves normally', async () => {
    fx.simulator.control.fault({
      operation: 'stkpush',
      kind: 'http',
      status: 429,
      errorCode: '500.003.03',
      errorMessage: 'Quota Violation',
      times: 2,
    });

    const answers = [await fx.push(), await fx.push(), await fx.push()];

    expect(answers.map((response) => response.status)).toEqual([429, 429, 200]);
    expect(await answers[0]?.json()).toMatchObject({
      errorCode: '500.003.03',
      errorMessage: 'Quota Violation',
    });
    expect(fx.simulator.control.prompts()).toHaveLength(1);
  });

  it('http: defaults to HTTP 500 500.003.02 system busy', async () => {
    fx.simulator.control.fault({ operation: 'oauth', kind: 'http' });

    const response = await fetch(
      `${fx.simulator.daraja.baseUrl}/oauth/v1/generate?grant_type=client_credentials`,
    );

    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({
      errorCode: '500.003.02',
      errorMessage: 'System is busy. Please try again in few minutes.',
    });
  });

  it('http on query: can answer subscriber busy', async () => {
    const id = await pushFrom(254712345678);
    await fx.simulator.control.resolve(id, { resultCode: 0 });
    fx.simulator.control.fault({
      operation: 'query',
      kind: 'http',
      status: 500,
      errorCode: '500.001.1001',
      errorMessage:
        'Unable to lock subscriber, a transaction is already in process for the current subscriber',
    });

    expect((await fx.query(id)).status).toBe(500);
    expect((await fx.query(id)).status).toBe(200);
  });

  it('hang: never answers until the simulator closes', async () => {
    await fx.token();
    fx.simulator.control.fault({ operation: 'stkpush', kind: 'hang' });

    const pending = fx.push().then(
      () => 'answered',
      () => 'connection closed',
    );
    await until(() => fx.simulator.control.faults().length === 0);
    await fx.simulator.control.advance(600_000);
    await yieldTurns();
    expect(await Promise.race([pending, Promise.resolve('still waiting')])).toBe('still waiting');
    await fx.simulator.close();

    expect(await pending).toBe('connection closed');
    expect(fx.simulator.control.prompts()).toEqual([]);
  });

  it('delay: answers normally once delayMs of simulated time has passed', async () => {
    await fx.token();
    fx.simulator.control.fault({ operation: 'stkpush', kind: 'delay', delayMs: 5_000 });
    let answered = false;
    const pending = fx.push().then((response) => {
      answered = true;
      return response;
    });
    await until(() => fx.simulator.control.faults().length === 0);
    await fx.simulator.control.advance(4_999);
    await yieldTurns();
    expect(answered).toBe(false);
    expect(fx.simulator.control.prompts()).toEqual([]);

    await fx.simulator.control.advance(1);

    expect((await pending).status).toBe(200);
  });

  it('drop: the callback is never delivered, the log says so and the query still settles', async () => {
    fx.simulator.control.fault({ operation: 'callback', kind: 'drop' });
    const id = await pushFrom(254711000000);

    await fx.simulator.control.advance(AUTO_RESOLVE_MS);

    expect(fx.receiver.received).toEqual([]);
    expect(fx.simulator.control.callbacks()).toEqual([
      expect.objectContaining({ provider: 'daraja', requestId: id, error: 'dropped by fault' }),
    ]);
    expect(await (await fx.query(id)).json()).toMatchObject({ ResultCode: '0' });
  });

  it('duplicate: the callback arrives twice', async () => {
    fx.simulator.control.fault({ operation: 'callback', kind: 'duplicate' });
    await pushFrom(254711000001);

    await fx.simulator.control.advance(AUTO_RESOLVE_MS);

    expect(callbacks()).toHaveLength(2);
    expect(fx.simulator.control.callbacks().map((delivery) => delivery.status)).toEqual([200, 200]);
  });

  it('delay on callbacks: delivered only after delayMs, so a later callback can overtake it', async () => {
    fx.simulator.control.fault({ operation: 'callback', kind: 'delay', delayMs: 10_000 });
    const late = await pushFrom(254712345678);
    const early = await pushFrom(254712345679);

    await fx.simulator.control.resolve(late, { resultCode: 0 });
    await fx.simulator.control.resolve(early, { resultCode: 1032 });
    expect(callbacks().map((body) => body.Body.stkCallback.CheckoutRequestID)).toEqual([early]);

    await fx.simulator.control.advance(10_000);

    expect(callbacks().map((body) => body.Body.stkCallback.CheckoutRequestID)).toEqual([
      early,
      late,
    ]);
  });

  it('refuses a malformed fault with invalid_request naming the problem', () => {
    expect(() => fx.simulator.control.fault({ operation: 'callback', kind: 'hang' })).toThrow(
      /kind "hang" does not apply to operation "callback"/,
    );
    expect(() => fx.simulator.control.fault({ operation: 'query', kind: 'delay' })).toThrow(
      /a delay fault needs delayMs/,
    );
    expect(fx.simulator.control.faults()).toEqual([]);
  });
});
