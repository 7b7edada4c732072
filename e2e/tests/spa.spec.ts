import { expect, type Page, test } from '@playwright/test';
import { spaPort } from '../playwright.config.js';

/** The Vite + React SPA (apps/spa), which proxies /lipwa to the shop. */
const spaUrl = `http://127.0.0.1:${spaPort}/`;

async function checkoutInSpa(page: Page, product: string): Promise<void> {
  await page.goto(spaUrl);
  await page.getByRole('button', { name: `Checkout ${product}` }).click();
  await expect(page.getByRole('heading', { name: `Checkout: ${product}` })).toBeVisible();
}

async function payWith(page: Page, phone: string): Promise<void> {
  await page.getByLabel(/phone number/i).fill(phone);
  await page.getByRole('button', { name: /^pay/i }).click();
}

/** The React app's own account of the order, outside the widget's shadow DOM. */
function orderStatus(page: Page) {
  return page.getByRole('region', { name: 'Order status' });
}

test.describe('a customer pays through the React SPA', () => {
  test('the kikoi is paid with 0711 000 000 and both the widget and the app confirm it', async ({
    page,
  }) => {
    await checkoutInSpa(page, 'Kikoi beach wrap');
    await expect(page.locator('lipwa-checkout').getByText('KES 1,500').first()).toBeVisible();

    await payWith(page, '0711 000 000');

    await expect(
      page.getByRole('heading', { name: 'Payment received', exact: true }),
    ).toBeVisible();
    const receipt = await page.locator('lipwa-checkout').locator('[part="receipt"]').textContent();
    expect(receipt).toMatch(/^[A-Z0-9]{10}$/);
    await expect(orderStatus(page)).toContainText(`Thank you! Receipt ${receipt}`);
  });

  test('0711 000 001 fails and the app shows the reason from lipwa-failure', async ({ page }) => {
    await checkoutInSpa(page, 'Kikoi beach wrap');

    await payWith(page, '0711 000 001');

    await expect(page.getByRole('heading', { name: 'Payment failed', exact: true })).toBeVisible();
    // The app words the reason with the widget's own strings (insufficient_funds).
    await expect(orderStatus(page)).toContainText(/is not paid yet: .*enough money/i);
    await expect(orderStatus(page)).not.toContainText('Thank you');
    await expect(page.getByRole('button', { name: /try again/i })).toBeVisible();
  });
});
