import { expect, test } from '@playwright/test';
import {
  expectState,
  heading,
  openCheckout,
  pay,
  promptsFor,
  settlePrompt,
  textsFor,
  widget,
} from './widget.js';

interface SessionBody {
  payment: { id: string; status: string } | null;
}

test('reloading mid-payment resumes the same attempt and sends no second prompt', async ({
  page,
}) => {
  const strings = textsFor('en');
  const checkoutResponse = page.waitForResponse(
    (response) => response.request().method() === 'POST' && response.url().endsWith('/checkout'),
  );
  const reference = await openCheckout(page, 'en');
  const checkout = await checkoutResponse;
  const checkoutHtml = await checkout.text();
  const checkoutHeaders = checkout.headers();
  const token = (await widget(page).getAttribute('session')) ?? '';
  const session = async (): Promise<SessionBody> => {
    const response = await page.request.get('/lipwa/session', {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.ok()).toBe(true);
    return (await response.json()) as SessionBody;
  };

  await pay(page, 'en', '0708 374 149');
  await expect(heading(page, strings.waitingHeading)).toBeVisible();
  const before = await session();
  expect(before.payment?.status).toBe('pending');

  // The demo shop renders checkout as the answer to a POST, so a real reload would re-submit
  // the form and open a new order. A merchant page that is reloaded renders the same session
  // again: serve the page as first rendered, so what is tested is the widget picking it up.
  await page.route('**/checkout', (route) =>
    route.request().method() === 'POST'
      ? route.fulfill({ status: 200, headers: checkoutHeaders, body: checkoutHtml })
      : route.fallback(),
  );
  await page.reload();
  await expect(heading(page, strings.waitingHeading)).toBeVisible();
  await expectState(page, 'waiting');
  const after = await session();
  expect(after.payment?.id).toBe(before.payment?.id);
  expect(await promptsFor(page, reference)).toHaveLength(1);

  await settlePrompt(page, reference, 0);
  await expect(heading(page, strings.successHeading)).toBeVisible();
});
