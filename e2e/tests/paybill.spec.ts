import { expect, test } from '@playwright/test';
import { openCheckout, orderStatus, payWith, simulatorUrl } from './shop.js';

test('the prompt goes unanswered; the customer pays by Paybill with what the widget showed, and the widget shows paid', async ({
  page,
  context,
}) => {
  const reference = await openCheckout(page);
  // A number the simulator does not answer by itself: the prompt waits, unanswered.
  await payWith(page, '0712 345 678');
  await expect(page.getByRole('heading', { name: 'Check your phone', exact: true })).toBeVisible();

  await page.getByText('Didn’t get the prompt?').click();
  const help = page.getByText(/Or pay by hand: Lipa na M-Pesa → Pay Bill/);
  await expect(help).toBeVisible();
  const text = (await help.textContent()) ?? '';
  const business = /Business number (\d+)/.exec(text)?.[1];
  const account = /Account (\S+)/.exec(text)?.[1];
  const amount = /Amount KES ([\d,]+)/.exec(text)?.[1]?.replaceAll(',', '');
  expect(account).toBe(reference);
  expect(business && amount).toBeTruthy();

  const phone = await context.newPage();
  await phone.goto(`${simulatorUrl}/phone?msisdn=254712345678`);
  const form = phone.getByRole('region', { name: 'Pay by Paybill' });
  await form.getByLabel('Business number').fill(business ?? '');
  await form.getByLabel('Account number').fill(account ?? '');
  await form.getByLabel('Amount').fill(amount ?? '');
  await form.getByLabel('M-Pesa PIN').fill('4321');
  await form.getByRole('button', { name: 'Pay' }).click();
  await expect(phone.getByRole('status')).toContainText('Paybill payment sent');

  await page.bringToFront();
  await expect(page.getByRole('heading', { name: 'Payment received', exact: true })).toBeVisible();
  expect(await orderStatus(page, reference)).toBe('Paid');
});
