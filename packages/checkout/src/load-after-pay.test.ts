import { afterEach, expect, test, vi } from 'vitest';
import { loadAfterPay } from './load-after-pay.js';

afterEach(() => {
  vi.restoreAllMocks();
});

test('a part that cannot load is logged for the merchant, and the next call fetches it again', async () => {
  const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  // What Chromium rejects with when a CDN sends no CORS header on the part (or the tab is offline).
  const unreachable = new TypeError(
    'Failed to fetch dynamically imported module: https://cdn.example/lipwa-parts/after-pay.js',
  );
  await expect(loadAfterPay(() => Promise.reject(unreachable))).rejects.toBe(unreachable);
  expect(logged.mock.calls).toEqual([[unreachable]]);

  // Forgotten, not kept: the real file is fetched this time, and nothing more is logged.
  const late = await loadAfterPay();
  expect(late.PaymentFlow).toBeTypeOf('function');
  expect(await loadAfterPay()).toBe(late);
  expect(logged).toHaveBeenCalledTimes(1);
});
