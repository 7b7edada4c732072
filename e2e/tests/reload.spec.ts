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
  const reference = await openCheckout(page, 'en');
  const checkoutUrl = page.url();
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

  // The shop redirects after its POST, so the checkout page is a plain GET: reloading it renders
  // the same order and session, and the widget must pick the pending attempt up again.
  expect(new URL(checkoutUrl).pathname).toBe(`/checkout/${reference}`);
  await page.reload();
  expect(page.url()).toBe(checkoutUrl);
  expect(await widget(page).getAttribute('session')).toBe(token);
  await expect(heading(page, strings.waitingHeading)).toBeVisible();
  await expectState(page, 'waiting');
  const after = await session();
  expect(after.payment?.id).toBe(before.payment?.id);
  expect(await promptsFor(page, reference)).toHaveLength(1);

  await settlePrompt(page, reference, 0);
  await expect(heading(page, strings.successHeading)).toBeVisible();
});
