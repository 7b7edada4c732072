/**
 * The code only needed once the customer presses "Pay" (waiting, outcomes, help, following the
 * payment) is its own file, fetched after the first render so the phone field shows sooner.
 */
export type AfterPay = typeof import('./after-pay.js');

let loading: Promise<AfterPay> | undefined;

/**
 * One fetch for the page's life; a failed one (offline) is forgotten so a retry fetches again.
 * A failure is logged for the merchant: the customer only sees "Checkout could not load", and
 * the browser's error names the cause (the file, offline, a CDN's missing CORS header).
 * `load` is for tests.
 */
export function loadAfterPay(
  load: () => Promise<AfterPay> = () => import('./after-pay.js'),
): Promise<AfterPay> {
  if (!loading) {
    loading = load();
    loading.catch((error: unknown) => {
      loading = undefined;
      console.error(error);
    });
  }
  return loading;
}
