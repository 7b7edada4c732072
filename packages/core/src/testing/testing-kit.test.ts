import { describe, expect, it } from 'vitest';
import { CallbackError } from '../errors.js';
import {
  createScriptedAdapter,
  fakeClock,
  paymentView,
  recordingLogger,
  scriptedCallback,
  TEST_START_MS,
} from './index.js';

const input = (rawBody: string) => ({
  method: 'POST',
  headers: {},
  rawBody,
  query: {},
  params: {},
});

describe('the shared test kit', () => {
  it('has a clock that moves only when the test moves it', () => {
    const clock = fakeClock();

    clock.advance(1_500);
    expect(clock.now()).toBe(TEST_START_MS + 1_500);
    clock.set(0);
    expect(clock.now()).toBe(0);
  });

  it('records every log entry with its level and fields, and waits for one', async () => {
    const logger = recordingLogger();
    const waiting = logger.next('Reconnected');

    logger.warn({ attempt: 1 }, 'Lost the connection');
    logger.info('Reconnected');

    await expect(waiting).resolves.toBeUndefined();
    expect(logger.at('warn')).toEqual([
      { level: 'warn', message: 'Lost the connection', fields: { attempt: 1 } },
    ]);
    expect(logger.entries.map((entry) => entry.level)).toEqual(['warn', 'info']);
  });

  it('makes public payment views with overrides', () => {
    expect(paymentView({ id: 'pay_2', status: 'completed' })).toMatchObject({
      id: 'pay_2',
      sessionId: 'ses_pay_2',
      status: 'completed',
      amount: { amount: 150000, currency: 'KES' },
    });
  });

  it('scripts initiate and query, and records what it was asked', async () => {
    const adapter = createScriptedAdapter({ id: 'mobile-money' });
    adapter.onQuery = async (providerRef) => ({ providerRef, status: 'completed' });

    const first = await adapter.initiate({
      paymentId: 'pay_1',
      amount: { amount: 100, currency: 'KES' },
      reference: 'ORDER-1',
      callbackUrl: 'https://shop.example/lipwa/callbacks/mobile-money/t',
    });
    const answer = await adapter.query?.(first.providerRef);

    expect(first.providerRef).toBe('ref_mobile-money_1');
    expect(adapter.lastCallbackUrl()).toBe('https://shop.example/lipwa/callbacks/mobile-money/t');
    expect(adapter.queried).toEqual(['ref_mobile-money_1']);
    expect(answer?.status).toBe('completed');
  });

  it('reads the neutral callback body and refuses anything else as invalid_callback', async () => {
    const adapter = createScriptedAdapter();
    const update = {
      providerRef: 'ref_scripted_1',
      status: 'completed' as const,
      receipt: 'R1',
      amount: { amount: 150000, currency: 'KES' },
    };

    const result = await adapter.verifyCallback(input(scriptedCallback(update)));

    expect(result.updates).toEqual([update]);
    expect(result.response).toEqual({ status: 200, body: { received: true } });
    await expect(adapter.verifyCallback(input('{"Body":'))).rejects.toBeInstanceOf(CallbackError);
    await expect(adapter.verifyCallback(input('{"updates":[]}'))).rejects.toMatchObject({
      code: 'invalid_callback',
    });
  });
});
