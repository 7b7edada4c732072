/** What a customer does in the demo shop, as reusable steps. */
import { expect, type Page } from '@playwright/test';
import { simulatorPort } from '../playwright.config.js';

export const simulatorUrl = `http://127.0.0.1:${simulatorPort}`;

/** Opens the catalogue, buys the kikoi (KES 1,500) and returns the order reference on the checkout page. */
export async function openCheckout(page: Page, product = 'Kikoi beach wrap'): Promise<string> {
  await page.goto('/');
  await page.getByRole('button', { name: `Buy ${product}` }).click();
  await expect(page.getByRole('heading', { name: 'Checkout', exact: true })).toBeVisible();
  const reference = await page.locator('lipwa-checkout').getAttribute('data-order');
  if (!reference) throw new Error('the checkout page has no order reference');
  return reference;
}

export function phoneField(page: Page) {
  return page.getByLabel(/phone number/i);
}

export async function payWith(page: Page, phone: string): Promise<void> {
  await phoneField(page).fill(phone);
  await page.getByRole('button', { name: /^pay/i }).click();
}

export async function orderStatus(page: Page, reference: string): Promise<string> {
  const orderPage = await page.context().newPage();
  await orderPage.goto(`/orders/${reference}`);
  const text = (await orderPage.getByTestId('order-status').textContent()) ?? '';
  await orderPage.close();
  return text.trim();
}
