import { expect, test } from '@playwright/test';
import { openCheckout, orderStatus, payWith } from './shop.js';

test.describe('a customer pays in the shop with each magic number and sees the right outcome', () => {
  test('0711 000 000 pays, the receipt is shown and the order is paid', async ({ page }) => {
    const reference = await openCheckout(page);
    const success = page.evaluate(
      () =>
        new Promise<string>((resolve) =>
          document.addEventListener('lipwa-success', (event) => resolve(event.type), {
            once: true,
          }),
        ),
    );
    await payWith(page, '0711 000 000');
    await expect(
      page.getByRole('heading', { name: 'Check your phone', exact: true }),
    ).toBeVisible();
    await expect(
      page.getByRole('heading', { name: 'Payment received', exact: true }),
    ).toBeVisible();
    await expect(page.locator('lipwa-checkout').getByText(/\b[A-Z0-9]{10}\b/)).toBeVisible();
    expect(await success).toBe('lipwa-success');
    await expect(page.getByRole('link', { name: 'See your order' })).toBeVisible();
    expect(await orderStatus(page, reference)).toBe('Paid');
  });

  const failures = [
    { phone: '0711 000 001', outcome: /enough money|insufficient/i, order: 'Payment failed' },
    { phone: '0711 000 032', outcome: /cancel/i, order: 'Payment failed' },
    {
      phone: '0711 000 037',
      outcome: /did not answer|no answer|couldn.t reach|not reached/i,
      order: 'Payment failed',
    },
    {
      phone: '0711 002 001',
      outcome: /wrong pin|pin was wrong|incorrect pin/i,
      order: 'Payment failed',
    },
  ];
  for (const { phone, outcome, order } of failures) {
    test(`${phone} ends in a clear failure the customer can retry`, async ({ page }) => {
      const reference = await openCheckout(page);
      await payWith(page, phone);
      await expect(page.getByText(outcome).filter({ visible: true }).first()).toBeVisible();
      await expect(page.getByRole('button', { name: /try again/i })).toBeVisible();
      expect(await orderStatus(page, reference)).toBe(order);
    });
  }

  test('0711 000 017 is refused at initiation because a transaction is already in process', async ({
    page,
  }) => {
    const reference = await openCheckout(page);
    await payWith(page, '0711 000 017');
    await expect(
      page.getByText(/busy|another payment|already in progress|in process/i).first(),
    ).toBeVisible();
    await expect(page.getByRole('button', { name: /try again/i })).toBeVisible();
    expect(await orderStatus(page, reference)).toBe('Payment failed');
  });

  test('0711 000 098 delivers its callback twice and the order is paid once', async ({ page }) => {
    const reference = await openCheckout(page);
    await payWith(page, '0711 000 098');
    await expect(
      page.getByRole('heading', { name: 'Payment received', exact: true }),
    ).toBeVisible();
    expect(await orderStatus(page, reference)).toBe('Paid');
  });
});
