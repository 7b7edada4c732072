import { afterEach, describe, expect, it, vi } from 'vitest';
import { createConsoleLogger } from './logger.js';

describe('the default console logger', () => {
  afterEach(() => vi.restoreAllMocks());

  it('does not write while the request runs, then writes every queued line in one JSON-lines write', async () => {
    const writes: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
      writes.push(String(chunk));
      return true;
    });
    const logger = createConsoleLogger();

    logger.info('Payment status changed', { paymentId: 'pay_1', phone: '2547•••••149' });
    logger.info('Payment status changed', { paymentId: 'pay_2' });
    expect(writes).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));

    expect(writes).toHaveLength(1);
    const lines = (writes[0] ?? '')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toEqual([
      {
        level: 'info',
        msg: 'Payment status changed',
        lib: 'lipwa',
        paymentId: 'pay_1',
        phone: '2547•••••149',
      },
      { level: 'info', msg: 'Payment status changed', lib: 'lipwa', paymentId: 'pay_2' },
    ]);
  });

  it('sends warnings and errors to stderr with the error described, not serialized whole', async () => {
    const writes: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => {
      writes.push(String(chunk));
      return true;
    });
    createConsoleLogger().error('Store failed', { error: new TypeError('boom') });
    await new Promise((resolve) => setImmediate(resolve));

    expect(JSON.parse(writes.join(''))).toEqual({
      level: 'error',
      msg: 'Store failed',
      lib: 'lipwa',
      error: { name: 'TypeError', message: 'boom' },
    });
  });
});
