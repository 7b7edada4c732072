/** Registers `<lipwa-checkout>`; safe to load twice (two bundles on one page) and on a server. */
import { LipwaCheckout } from './lipwa-checkout.component.js';

export const tagName = 'lipwa-checkout';

if (typeof customElements !== 'undefined' && !customElements.get(tagName)) {
  customElements.define(tagName, LipwaCheckout);
}

export { LipwaCheckout };
