/**
 * Issue 11: the parts lipwa.js loads on demand (`lipwa-parts/`: the after-"Pay" code, each
 * language's payment texts) work from a CDN on another origin, and a part that cannot load, or a
 * network gone after the first load, ends in a message and a way back, never a hang.
 */
import { expect, type Page, type Response, test } from '@playwright/test';
import { type StaticCdn, startStaticCdn } from '../static-cdn.js';
import {
  heading,
  openCheckout,
  pay,
  payButton,
  phoneInput,
  textsFor,
  tryAgainButton,
  watchForProblems,
  widgetText,
} from './widget.js';

const strings = textsFor('en');

/**
 * The CDN pages are the shop's own, with their script tag and policy rewritten in the test
 * (`route.fulfill`). Chromium counts a page it did not receive from a socket as public, and its
 * Local Network Access checks then refuse a CORS fetch from it to 127.0.0.1 ("Permission was
 * denied for this request to access the `loopback` address space"): a real shop and CDN are
 * both public, so the check is off for these tests, and nothing else is.
 */
const cdnTest = test.extend({
  launchOptions: [
    async ({ launchOptions }, use) => {
      const args = launchOptions.args ?? [];
      await use({
        ...launchOptions,
        args: [...args, '--disable-features=LocalNetworkAccessChecks'],
      });
    },
    { scope: 'worker' },
  ],
});
/** Settles as paid by itself (0.4 s in the widget shop's simulator). */
const paysAtOnce = '0711 000 000';

/** The answers to every widget file the page fetches (lipwa.js and its parts). */
function watchWidgetFiles(page: Page): Response[] {
  const files: Response[] = [];
  page.on('response', (response) => {
    if (/\/(lipwa\.js|lipwa-parts\/[^/]+\.js)$/.test(new URL(response.url()).pathname)) {
      files.push(response);
    }
  });
  return files;
}

/**
 * Opens the kikoi's checkout page as a merchant who loads the widget from `cdn` would serve it:
 * the shop's own page with `<script src="<cdn>/lipwa.js">` (with `crossorigin` or without) and
 * the CDN's origin added to `script-src`, nothing else.
 */
async function openCheckoutFromCdn(
  page: Page,
  cdn: StaticCdn,
  { crossorigin }: { crossorigin: boolean },
): Promise<void> {
  const order = await page.request.post('/checkout', {
    form: { product: 'kikoi', lang: 'en' },
    maxRedirects: 0,
  });
  expect(order.status()).toBe(303);
  const location = order.headers().location ?? '';
  const checkoutPath = new URL(location, 'http://shop').pathname;
  await page.route(
    (url) => url.pathname === checkoutPath,
    async (route) => {
      const response = await route.fetch();
      const policy = response.headers()['content-security-policy'] ?? '';
      expect(policy).toContain("script-src 'self';");
      const tag = '<script src="/assets/lipwa.js" defer></script>';
      const html = await response.text();
      expect(html).toContain(tag);
      const cdnPolicy = policy.replace("script-src 'self';", `script-src 'self' ${cdn.origin};`);
      expect(cdnPolicy).not.toContain('unsafe-');
      await route.fulfill({
        response,
        headers: { ...response.headers(), 'content-security-policy': cdnPolicy },
        body: html.replace(
          tag,
          `<script src="${cdn.origin}/lipwa.js"${crossorigin ? ' crossorigin' : ''} defer></script>`,
        ),
      });
    },
  );
  await page.goto(location);
}

cdnTest.describe('lipwa.js and its parts from a CDN on another origin', () => {
  let cdn: StaticCdn;
  cdnTest.beforeAll(async () => {
    cdn = await startStaticCdn({ cors: 'all' });
  });
  cdnTest.afterAll(() => cdn.close());

  // Without `crossorigin` the browser gives a cross-origin script no base URL for import()
  // (whatwg/html#5753: about:blank); lipwa.js then resolves its parts against its own src.
  for (const crossorigin of [true, false]) {
    cdnTest(
      `${crossorigin ? 'with' : 'without'} crossorigin on the script tag, every part comes from the CDN and the customer pays`,
      async ({ page }) => {
        const problems = await watchForProblems(page);
        const files = watchWidgetFiles(page);

        await openCheckoutFromCdn(page, cdn, { crossorigin });
        await pay(page, 'en', paysAtOnce);
        await expect(heading(page, strings.successHeading)).toBeVisible();

        const fetched = files.map((file) => new URL(file.url()));
        expect(fetched.map((url) => url.pathname.replace(/\.[\w-]+\.js$/, '.js')).sort()).toEqual([
          '/lipwa-parts/after-pay.js',
          '/lipwa-parts/en-payment.js',
          '/lipwa.js',
        ]);
        expect(fetched.every((url) => url.origin === cdn.origin)).toBe(true);
        for (const file of files) {
          expect(file.status()).toBe(200);
          expect(file.headers()['access-control-allow-origin']).toBe('*');
        }
        expect(await problems.violations()).toEqual([]);
        expect(problems.errors).toEqual([]);
      },
    );
  }
});

cdnTest.describe('a CDN that forgets CORS headers', () => {
  cdnTest(
    'on the parts only: lipwa.js runs and Pay says checkout could not load',
    async ({ page }) => {
      const cdn = await startStaticCdn({ cors: 'entry-only' });
      try {
        const problems = await watchForProblems(page);
        await openCheckoutFromCdn(page, cdn, { crossorigin: true });
        await expect(payButton(page, strings)).toBeEnabled();

        await pay(page, 'en', paysAtOnce);
        await expect(heading(page, strings.errorHeading)).toBeVisible();
        await expect(widgetText(page, strings.errorBody)).toBeVisible();
        // The browser names the cause for the merchant.
        expect(problems.errors.join('\n')).toMatch(/after-pay\.[\w-]+\.js.*blocked by CORS policy/);
      } finally {
        await cdn.close();
      }
    },
  );

  cdnTest(
    'on every file: the browser refuses lipwa.js itself and names CORS in the console',
    async ({ page }) => {
      const cdn = await startStaticCdn({ cors: 'none' });
      try {
        const problems = await watchForProblems(page);
        await openCheckoutFromCdn(page, cdn, { crossorigin: true });
        // No widget code ran, so the widget can say nothing: the element stays undefined (a
        // merchant's `lipwa-checkout:not(:defined)` rule is all the customer sees).
        await expect
          .poll(() => problems.errors.join('\n'))
          .toMatch(/lipwa\.js.*blocked by CORS policy/);
        expect(await page.evaluate(() => customElements.get('lipwa-checkout'))).toBeUndefined();
      } finally {
        await cdn.close();
      }
    },
  );
});

test.describe('a part that cannot load', () => {
  test('the after-Pay part failing from the start: Pay says so, and once it loads Try again pays', async ({
    page,
  }) => {
    const problems = await watchForProblems(page);
    // The widget asks for the part right after its first render: blocked before the page loads.
    await page.route('**/lipwa-parts/after-pay.*', (route) => route.abort('internetdisconnected'));
    await openCheckout(page, 'en');
    await pay(page, 'en', paysAtOnce);
    await expect(heading(page, strings.errorHeading)).toBeVisible();
    await expect(widgetText(page, strings.errorBody)).toBeVisible();
    expect(problems.errors.join('\n')).toMatch(/after-pay\.[\w-]+\.js/);

    await page.unroute('**/lipwa-parts/after-pay.*');
    const partLoaded = page.waitForResponse(/\/lipwa-parts\/after-pay\.[\w-]+\.js$/);
    await tryAgainButton(page, strings).click();
    await expect(payButton(page, strings)).toBeEnabled();
    expect((await partLoaded).status()).toBe(200);
    await expect(phoneInput(page, strings)).toHaveValue(/./);
    await pay(page, 'en', paysAtOnce);
    await expect(heading(page, strings.successHeading)).toBeVisible();
  });

  test('offline after the first load: Pay says the payment server cannot be reached, and back online Try again pays', async ({
    page,
    context,
  }) => {
    const partLoaded = page.waitForResponse(/\/lipwa-parts\/after-pay\.[\w-]+\.js$/);
    const textsLoaded = page.waitForResponse(/\/lipwa-parts\/en-payment\.[\w-]+\.js$/);
    await openCheckout(page, 'en');
    expect((await partLoaded).status()).toBe(200);
    expect((await textsLoaded).status()).toBe(200);

    await context.setOffline(true);
    await pay(page, 'en', paysAtOnce);
    await expect(heading(page, strings.failureHeading)).toBeVisible();
    await expect(widgetText(page, strings.problems.offline)).toBeVisible();

    await context.setOffline(false);
    const retry = tryAgainButton(page, strings);
    await expect(retry).toHaveAccessibleName(strings.tryAgain);
    await retry.click();
    await pay(page, 'en', paysAtOnce);
    await expect(heading(page, strings.successHeading)).toBeVisible();
  });
});
