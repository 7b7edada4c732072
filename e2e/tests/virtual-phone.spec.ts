import { expect, test } from '@playwright/test';
import { openCheckout, orderStatus, payWith, simulatorUrl } from './shop.js';

test('the customer approves the prompt on the virtual phone in a second tab', async ({
  page,
  context,
}) => {
  const reference = await openCheckout(page);
  await payWith(page, '0708 374 149');
  await expect(page.getByRole('heading', { name: 'Check your phone', exact: true })).toBeVisible();

  const phone = await context.newPage();
  await phone.goto(`${simulatorUrl}/phone?msisdn=254708374149`);
  const prompt = phone.getByRole('article').filter({ hasText: reference });
  await expect(prompt).toBeVisible();
  await expect(prompt).toContainText('1,500');
  await prompt.getByLabel('M-Pesa PIN').fill('4321');
  await prompt.getByRole('button', { name: 'Send' }).click();

  await page.bringToFront();
  await expect(page.getByRole('heading', { name: 'Payment received', exact: true })).toBeVisible();
  expect(await orderStatus(page, reference)).toBe('Paid');
});

test('the wrong PIN on the virtual phone fails the payment with that reason', async ({
  page,
  context,
}) => {
  const reference = await openCheckout(page);
  await payWith(page, '0708 374 149');
  const phone = await context.newPage();
  await phone.goto(`${simulatorUrl}/phone?msisdn=254708374149`);
  const prompt = phone.getByRole('article').filter({ hasText: reference });
  await prompt.getByLabel('M-Pesa PIN').fill('0000');
  await prompt.getByRole('button', { name: 'Send' }).click();
  await page.bringToFront();
  await expect(
    page
      .getByText(/wrong pin|pin was wrong|incorrect pin/i)
      .filter({ visible: true })
      .first(),
  ).toBeVisible();
});
