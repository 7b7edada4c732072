import { Writable } from 'node:stream';
import { recordingLogger } from '@lipwa/core/testing';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { censor, type Logger, redactingLogger } from './logger.js';

/** A pino logger writing JSON lines into an array, as a merchant's own logger would. */
function merchantPino(): { logger: Logger; lines: () => Record<string, unknown>[] } {
  const written: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      written.push(String(chunk));
      done();
    },
  });
  return {
    logger: pino({ base: undefined, timestamp: false }, sink),
    lines: () =>
      written
        .join('')
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line)),
  };
}

describe('the kit logger', () => {
  it("takes the merchant's pino logger in pino's order and redacts phones and secrets with pino's redaction", () => {
    const merchant = merchantPino();
    const logger = redactingLogger(merchant.logger);

    logger.warn(
      {
        paymentId: 'pay_1',
        phone: '254708374149',
        token: 'cb_secret',
        request: { authorization: 'Bearer x' },
      },
      'Callback refused',
    );
    logger.info('Reconciler started');

    expect(merchant.lines()).toEqual([
      {
        level: 40,
        msg: 'Callback refused',
        paymentId: 'pay_1',
        phone: '2547•••••149',
        token: '[redacted]',
        request: { authorization: '[redacted]' },
      },
      { level: 30, msg: 'Reconciler started' },
    ]);
  });

  it('redacts the same keys for a logger that is not pino, without changing what the caller passed', () => {
    const recorded = recordingLogger();
    const logger = redactingLogger(recorded);
    const fields = { paymentId: 'pay_1', phone: '0708374149', secret: 's3cret' };

    logger.error(fields, 'Payment initiation failed');

    expect(recorded.entries).toEqual([
      {
        level: 'error',
        message: 'Payment initiation failed',
        fields: { paymentId: 'pay_1', phone: '0708•••149', secret: '[redacted]' },
      },
    ]);
    expect(fields.phone).toBe('0708374149');
  });

  it('leaves a phone that is already masked as it is', () => {
    expect(censor('2547•••••149', ['phone'])).toBe('2547•••••149');
    expect(censor('254708374149', ['payment', 'msisdn'])).toBe('2547•••••149');
    expect(censor({ nested: true }, ['phone'])).toBe('[redacted]');
  });
});
