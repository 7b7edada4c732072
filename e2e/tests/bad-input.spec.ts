import { expect, test } from '@playwright/test';
import { openCheckout, payWith, phoneField, simulatorUrl } from './shop.js';

async function sessionToken(page: import('@playwright/test').Page): Promise<string> {
  const token = await page.locator('lipwa-checkout').getAttribute('session');
  if (!token) throw new Error('no session token on the page');
  return token;
}

test('an invalid phone number is refused inline before any request is sent', async ({ page }) => {
  await openCheckout(page);
  const paymentRequests: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/lipwa/payments')) paymentRequests.push(request.url());
  });
  await payWith(page, '0812 345');
  const field = phoneField(page);
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  const describedBy = await field.getAttribute('aria-describedby');
  expect(describedBy).toBeTruthy();
  await expect(
    page
      .getByText(/too short|07 or 01|kenyan mobile/i)
      .filter({ visible: true })
      .first(),
  ).toBeVisible();
  expect(paymentRequests).toEqual([]);
});

test('the server refuses an invalid phone too (422 invalid_phone)', async ({ page }) => {
  await openCheckout(page);
  const token = await sessionToken(page);
  const response = await page.request.post('/lipwa/payments', {
    headers: { authorization: `Bearer ${token}` },
    data: { phone: '0812345678' },
  });
  expect(response.status()).toBe(422);
  expect(response.headers()['content-type']).toContain('application/problem+json');
  expect(await response.json()).toMatchObject({ code: 'invalid_phone', status: 422 });
});

test('changing the amount from the browser cannot change what the customer is charged', async ({
  page,
}) => {
  const reference = await openCheckout(page);
  const token = await sessionToken(page);

  // 1. A body field cannot set the amount: the session's amount is what reaches the provider.
  const started = await page.request.post('/lipwa/payments', {
    headers: { authorization: `Bearer ${token}`, origin: new URL(page.url()).origin },
    data: { phone: '0708374149', amount: 100 },
  });
  expect(started.status()).toBe(201);
  const { payment } = await started.json();
  expect(payment.amount).toEqual({ amount: 150000, currency: 'KES' });
  const prompts = await (await page.request.get(`${simulatorUrl}/_control/prompts`)).json();
  const prompt = prompts.find((p: { reference: string }) => p.reference === reference);
  expect(prompt.amount).toBe('1500');

  // 2. Rewriting the amount inside the signed token breaks its signature.
  const [header, claims, signature] = token.split('.');
  const decoded = JSON.parse(Buffer.from(claims!, 'base64url').toString());
  const amountClaim = Object.keys(decoded).find(
    (key) => decoded[key] === 150000 || decoded[key]?.amount === 150000,
  );
  expect(amountClaim).toBeDefined();
  const tampered = {
    ...decoded,
    [amountClaim!]:
      typeof decoded[amountClaim!] === 'number' ? 100 : { ...decoded[amountClaim!], amount: 100 },
  };
  const forged = `${header}.${Buffer.from(JSON.stringify(tampered)).toString('base64url')}.${signature}`;
  const refused = await page.request.get('/lipwa/session', {
    headers: { authorization: `Bearer ${forged}` },
  });
  expect(refused.status()).toBe(401);
  expect(await refused.json()).toMatchObject({ code: 'invalid_session' });

  // 3. The widget given the forged token refuses to take a payment.
  await page
    .locator('lipwa-checkout')
    .evaluate((element, value) => element.setAttribute('session', value), forged);
  await expect(
    page.getByText(/session (has )?expired|start again|no longer valid/i).first(),
  ).toBeVisible();
});

test('an unknown payment id is a 404 problem', async ({ page }) => {
  await openCheckout(page);
  const token = await sessionToken(page);
  const response = await page.request.get('/lipwa/payments/pay_does_not_exist', {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status()).toBe(404);
  expect(await response.json()).toMatchObject({ code: 'payment_not_found' });
});
