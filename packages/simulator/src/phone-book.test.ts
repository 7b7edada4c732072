import { describe, expect, it } from 'vitest';
import type { Outcome } from './outcomes.js';
import { createPhoneBook, type PromptRequest } from './phone-book.js';
import { createScheduler } from './scheduler.js';

function setupPhoneBook() {
  const scheduler = createScheduler({ now: () => Date.UTC(2026, 0, 5) });
  const settled: Outcome[] = [];
  const book = createPhoneBook({
    scheduler,
    autoResolveDelayMs: 0,
    promptTimeoutMs: 60_000,
    log: () => {},
  });
  const request = (overrides: Partial<PromptRequest> = {}): PromptRequest => ({
    id: 'req_1',
    provider: 'cashpay',
    phone: '254711000000',
    amount: '2000',
    currency: 'YER',
    payee: 'Shop',
    reference: 'ORDER-1',
    settle: async (outcome) => {
      settled.push(outcome);
    },
    ...overrides,
  });
  return { scheduler, settled, book, request };
}

describe('phone book: hidden requests', () => {
  it('keeps a hidden request off the virtual phone', () => {
    const { book, request } = setupPhoneBook();

    book.open(request({ hidden: true }));

    expect(book.list()).toEqual([]);
  });

  it('never settles a hidden request by magic number or timeout', () => {
    const { book, request, scheduler, settled } = setupPhoneBook();

    book.open(request({ hidden: true }));
    scheduler.advance(24 * 60 * 60 * 1000);

    expect(settled).toEqual([]);
  });

  it('settles a hidden request through answer(), once', async () => {
    const { book, request, settled } = setupPhoneBook();
    book.open(request({ hidden: true }));

    await book.answer('req_1', 'paid');

    expect(settled).toEqual(['paid']);
    await expect(book.answer('req_1', 'paid')).rejects.toMatchObject({
      code: 'illegal_transition',
    });
  });

  it('still settles a visible magic number by itself', () => {
    const { book, request, scheduler, settled } = setupPhoneBook();

    book.open(request());
    scheduler.advance(0);

    expect(settled).toEqual(['paid']);
  });
});
