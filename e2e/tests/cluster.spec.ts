/**
 * The demo on two instances (`npm run start:cluster`): a payment started on instance A is
 * followed live on A and on B, the provider's callback lands on B, the order shows paid on both
 * and the shop's webhook arrives once.
 */
import { expect, type Page, test } from '@playwright/test';
import { clusterAUrl, clusterBUrl, clusterSimulatorUrl } from '../cluster-shop.js';
import { heading, openCheckout, pay, settlePrompt, textsFor } from './widget.js';

interface CallbackDelivery {
  url: string;
  status: number;
}

const strings = textsFor('en');
const statusStream = /\/lipwa\/payments\/[^/]+\/events/;

/** The origins that served this page's status streams. */
function streamOrigins(page: Page): Set<string> {
  const origins = new Set<string>();
  page.on('request', (request) => {
    if (statusStream.test(request.url())) origins.add(new URL(request.url()).origin);
  });
  return origins;
}

/** Opens an order's page on one instance and checks its status and webhook count. */
async function expectOrder(page: Page, shopUrl: string, reference: string): Promise<void> {
  const orderPage = await page.context().newPage();
  // The webhook is sent just after the callback: look again until it has arrived.
  await expect(async () => {
    await orderPage.goto(`${shopUrl}/orders/${reference}`);
    await expect(orderPage.getByTestId('order-status')).toHaveText('Paid', { timeout: 1_000 });
    await expect(orderPage.getByTestId('order-webhooks')).toHaveText('Webhooks received: 1', {
      timeout: 1_000,
    });
  }).toPass({ timeout: 40_000 });
  await orderPage.close();
}

test.beforeAll(async ({ request }) => {
  // Playwright waited for A; B starts alongside it and answers 503 until it is ready.
  await expect
    .poll(async () => (await request.get(`${clusterBUrl}/`)).status(), { timeout: 60_000 })
    .toBe(200);
});

test('a payment started on instance A settles by a callback on instance B: paid on both, one webhook', async ({
  page,
  request,
}) => {
  const streamsOfA = streamOrigins(page);
  const reference = await openCheckout(page, 'en');
  await pay(page, 'en', '0708 374 149');
  await expect(heading(page, strings.waitingHeading)).toBeVisible();

  // The same order on instance B: its own session and stream pick up the payment started on A.
  const pageOnB = await page.context().newPage();
  const streamsOfB = streamOrigins(pageOnB);
  await pageOnB.goto(`${clusterBUrl}/checkout/${reference}?lang=en`);
  await expect(heading(pageOnB, strings.waitingHeading)).toBeVisible();

  await settlePrompt(page, reference, 0, clusterSimulatorUrl);

  await expect(heading(page, strings.successHeading)).toBeVisible();
  await expect(heading(pageOnB, strings.successHeading)).toBeVisible();
  expect([...streamsOfA]).toEqual([clusterAUrl]);
  expect([...streamsOfB]).toEqual([clusterBUrl]);
  const callbacks = (await (
    await request.get(`${clusterSimulatorUrl}/_control/callbacks`)
  ).json()) as CallbackDelivery[];
  expect(callbacks.map(({ url, status }) => [new URL(url).origin, status])).toEqual([
    [clusterBUrl, 200],
  ]);
  await expectOrder(page, clusterAUrl, reference);
  await expectOrder(page, clusterBUrl, reference);
});
