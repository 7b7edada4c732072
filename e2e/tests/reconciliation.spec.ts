import { expect, test } from '@playwright/test';
import { openCheckout, orderStatus, payWith } from './shop.js';

test('a payment whose callback was lost completes through a status query', async ({ page }) => {
  const reference = await openCheckout(page);
  // 0711 000 099: the simulator completes the payment but never sends the callback.
  await payWith(page, '0711 000 099');
  await expect(page.getByRole('heading', { name: 'Check your phone', exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Payment received', exact: true })).toBeVisible({
    timeout: 20_000,
  });
  expect(await orderStatus(page, reference)).toBe('Paid');
});
