/**
 * One shop offering every provider: the customer picks a method in the widget and pays on each
 * provider's simulator in real Chromium; CashPay sends the customer to its hosted page and back.
 */
import { expect, type Page, test } from '@playwright/test';
import { openCheckout, orderStatus, payWith } from './shop.js';
import { watchForProblems } from './widget.js';

const stkMethods = [
  { name: 'M-Pesa', provider: 'daraja' },
  { name: 'M-Pesa (Cashfin)', provider: 'cashfin' },
  { name: 'M-Pesa (Payment Gateway)', provider: 'gateway' },
  { name: 'M-Pesa (payment apps)', provider: 'payment-apps' },
];

async function choose(page: Page, name: string): Promise<void> {
  const methods = page.getByRole('group', { name: 'Choose how to pay' });
  await expect(methods).toBeVisible();
  await methods.getByRole('radio', { name, exact: true }).check();
}

for (const { name, provider } of stkMethods) {
  test.describe(`paying with ${name} (${provider})`, () => {
    test('0711 000 000 pays and the order is paid', async ({ page }) => {
      const reference = await openCheckout(page);
      await choose(page, name);
      await payWith(page, '0711 000 000');
      await expect(
        page.getByRole('heading', { name: 'Payment received', exact: true }),
      ).toBeVisible();
      expect(await orderStatus(page, reference)).toBe('Paid');
    });

    test('0711 000 001 fails clearly with no funds, and can be retried', async ({ page }) => {
      const reference = await openCheckout(page);
      await choose(page, name);
      await payWith(page, '0711 000 001');
      await expect(
        page
          .getByText(/enough money|insufficient/i)
          .filter({ visible: true })
          .first(),
      ).toBeVisible();
      await expect(page.getByRole('button', { name: /try again/i })).toBeVisible();
      expect(await orderStatus(page, reference)).toBe('Payment failed');
    });
  });
}

test.describe('paying with CashPay (a redirect to its hosted page)', () => {
  test('has no phone field; approving on the hosted page brings the customer back paid', async ({
    page,
  }) => {
    // The shop serves `script-src 'self'; style-src 'self'`, the hosted page too.
    const problems = await watchForProblems(page);
    const reference = await openCheckout(page);
    await choose(page, 'CashPay');
    await expect(page.getByLabel(/phone number/i)).toBeHidden();

    await page.getByRole('button', { name: 'Continue to CashPay' }).click();
    await expect(page).toHaveURL(/\/cashpay\/pay\/chg_/);
    await page.getByRole('button', { name: 'Approve payment' }).click();

    await expect(page).toHaveURL(new RegExp(`/checkout/${reference}`));
    await expect(
      page.getByRole('heading', { name: 'Payment received', exact: true }),
    ).toBeVisible();
    expect(await orderStatus(page, reference)).toBe('Paid');
    expect(await problems.violations()).toEqual([]);
  });

  test('declining on the hosted page ends in a failure the customer can retry', async ({
    page,
  }) => {
    const reference = await openCheckout(page);
    await choose(page, 'CashPay');
    await page.getByRole('button', { name: 'Continue to CashPay' }).click();
    await page.getByRole('button', { name: 'Decline payment' }).click();

    await expect(page).toHaveURL(new RegExp(`/checkout/${reference}`));
    await expect(page.getByRole('button', { name: /try again/i })).toBeVisible();
    expect(await orderStatus(page, reference)).toBe('Payment failed');
  });

  test('closing the hosted page without paying, then reloading, offers to continue; forged query parameters change nothing', async ({
    page,
  }) => {
    const reference = await openCheckout(page);
    await choose(page, 'CashPay');
    await page.getByRole('button', { name: 'Continue to CashPay' }).click();
    await page.getByRole('button', { name: 'Close without paying' }).click();
    await expect(page).toHaveURL(new RegExp(`/checkout/${reference}`));

    await page.goto(`/checkout/${reference}?status=CAPTURED&lipwa_status=completed`);
    await page.reload();

    await expect(
      page.getByRole('heading', { name: 'Payment not finished', exact: true }),
    ).toBeVisible();
    await expect(page.getByRole('button', { name: 'Continue to CashPay' })).toBeVisible();
    expect(await orderStatus(page, reference)).toBe('Awaiting payment');
  });
});
