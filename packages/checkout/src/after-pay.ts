/**
 * The after-"Pay" part of the widget, loaded by `load-after-pay.ts` after the first render: the
 * flow of a started payment (outcomes, following, the hosted page), the views of waiting and of
 * each outcome with their styles and texts, and the element's watch on the page and the clock.
 */
import type { CheckoutController } from './checkout-controller.js';
import { PageSignals } from './page-signals.js';
import { SecondTicker } from './second-ticker.js';

export { loadPaymentTable } from './i18n/payment-tables.js';
export { PaymentFlow } from './payment-flow.js';
export { paymentStyles } from './views/payment.styles.js';
export { paymentViews } from './views/payment-views.js';

/**
 * Once per element: the network and the tab's visibility tell the payment to look again, and a
 * visible countdown (the prompt's, a retry cooldown) re-renders every second.
 */
export function watchPage(checkout: CheckoutController): void {
  const element = checkout.element;
  new PageSignals(element, checkout);
  new SecondTicker(
    element,
    () => checkout.state === 'waiting' || checkout.retryWait > 0,
    () => checkout.tick(),
  );
}
