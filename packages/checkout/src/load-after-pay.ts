/**
 * The code only needed once the customer presses "Pay" (waiting, outcomes, help, following the
 * payment) is its own file, fetched after the first render so the phone field shows sooner.
 */
export type AfterPay = typeof import('./after-pay.js');

let loading: Promise<AfterPay> | undefined;

/** One fetch for the page's life; a failed one (offline) is forgotten so a retry fetches again. */
export function loadAfterPay(): Promise<AfterPay> {
  if (!loading) {
    loading = import('./after-pay.js');
    loading.catch(() => {
      loading = undefined;
    });
  }
  return loading;
}
