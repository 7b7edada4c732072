import { describe, expect, it } from 'vitest';
import { createFaultBook } from './faults.js';

describe('fault book', () => {
  it('fills defaults: once, HTTP 500, 500.003.02 system busy', () => {
    const book = createFaultBook();

    const fault = book.add({ operation: 'stkpush', kind: 'http' });

    expect(fault).toEqual({
      id: 1,
      provider: 'daraja',
      operation: 'stkpush',
      kind: 'http',
      status: 500,
      errorCode: '500.003.02',
      errorMessage: 'System is busy. Please try again in few minutes.',
      delayMs: 0,
      remaining: 1,
    });
  });

  it('hands out faults first in, first out, per operation, each `times` times', () => {
    const book = createFaultBook();
    book.add({ operation: 'query', kind: 'http', status: 429, times: 2 });
    book.add({ operation: 'query', kind: 'hang' });
    book.add({ operation: 'oauth', kind: 'delay', delayMs: 10 });

    const kinds = [1, 2, 3, 4].map(() => book.take('query')?.kind);

    expect(kinds).toEqual(['http', 'http', 'hang', undefined]);
    expect(book.list().map((fault) => fault.operation)).toEqual(['oauth']);
  });

  it('refuses unknown operations, kinds that do not apply and extra keys', () => {
    const book = createFaultBook();

    expect(() => book.add({ operation: 'refund' as never, kind: 'http' })).toThrow(/operation/);
    expect(() => book.add({ operation: 'oauth', kind: 'drop' })).toThrow(/does not apply/);
    expect(() => book.add({ operation: 'oauth', kind: 'http', colour: 'red' } as never)).toThrow(
      /colour/,
    );
    expect(book.list()).toEqual([]);
  });
});
