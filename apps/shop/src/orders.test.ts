import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { catalogue } from './catalogue.js';
import { openOrderBook } from './orders.js';

const [kikoi] = catalogue;
if (!kikoi) throw new Error('the catalogue needs a product');

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'lipwa-orders-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('openOrderBook', () => {
  it('finds an order and its latest status again after reopening the directory', async () => {
    const book = await openOrderBook(directory);
    const order = await book.open(kikoi);
    await book.update(order.reference, { status: 'paid', receipt: 'TCE1A2B3C4' });

    const reopened = await openOrderBook(directory);

    expect(await reopened.get(order.reference)).toEqual({
      reference: order.reference,
      product: kikoi,
      status: 'paid',
      receipt: 'TCE1A2B3C4',
    });
  });

  it('keeps checkout sessions in memory only: their tokens are short-lived secrets', async () => {
    const book = await openOrderBook(directory);
    const order = await book.open(kikoi);
    book.setCheckout(order.reference, { token: 'eyJ.secret.token', expiresAt: 1 });

    const reopened = await openOrderBook(directory);

    expect(book.checkout(order.reference)).toEqual({ token: 'eyJ.secret.token', expiresAt: 1 });
    expect(reopened.checkout(order.reference)).toBeUndefined();
  });

  it('writes orders.json readable by its owner only, and leaves no temporary file', async () => {
    const book = await openOrderBook(directory);
    await book.open(kikoi);

    expect((await stat(join(directory, 'orders.json'))).mode & 0o777).toBe(0o600);
    expect(await readdir(directory)).toEqual(['orders.json']);
  });

  it('answers undefined for an unknown reference and saves nothing', async () => {
    const book = await openOrderBook(directory);

    expect(await book.update('LWNOPE', { status: 'paid' })).toBeUndefined();
    expect(await readdir(directory)).toEqual([]);
  });

  it('refuses a damaged order book instead of starting with no orders', async () => {
    await writeFile(join(directory, 'orders.json'), '{"orders":[{"reference":""}]}');

    await expect(openOrderBook(directory)).rejects.toThrow(/order book .* is damaged/);
  });

  it('keeps orders in memory when given no directory', async () => {
    const book = await openOrderBook();

    const order = await book.open(kikoi);

    expect((await book.get(order.reference))?.status).toBe('awaiting_payment');
  });

  it('counts every verified webhook but applies each webhook-id once, and keeps both after reopening', async () => {
    const book = await openOrderBook(directory);
    const order = await book.open(kikoi);
    const paid = () => ({ status: 'paid' as const, receipt: 'TCE1A2B3C4' });

    const first = await book.recordWebhook(order.reference, 'msg_1', paid);
    const repeat = await book.recordWebhook(order.reference, 'msg_1', () => ({ note: 'twice' }));
    const unknown = await book.recordWebhook('LWNOPE', 'msg_2', paid);
    const reopened = await openOrderBook(directory);

    expect([first, repeat, unknown]).toEqual(['applied', 'repeat', 'unknown_order']);
    expect(await reopened.get(order.reference)).toMatchObject({
      status: 'paid',
      receipt: 'TCE1A2B3C4',
      webhooksReceived: 2,
      webhookIds: ['msg_1'],
    });
    expect((await reopened.get(order.reference))?.note).toBeUndefined();
  });
});
