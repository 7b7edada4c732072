/**
 * JSX typings for `<lipwa-checkout>` in React 19. Activate them once in the app:
 *
 * ```ts
 * import type {} from '@lipwa/checkout/react';
 * ```
 *
 * React 19 hands custom elements their props natively: a prop the element has as a property
 * (`session`, `fetch`, `clock`, `scheduler`) is set as that property, any other (`api-base`,
 * `session-url`) becomes an attribute, and `on<event-name>` adds a listener for `<event-name>`,
 * so `onlipwa-success` listens to `lipwa-success`. No wrapper component is needed.
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { LipwaEventMap, LipwaEventName } from '../events.js';
import type { LipwaCheckout } from '../lipwa-checkout.component.js';
import type { LipwaCheckoutAttributes, LipwaCheckoutProperties } from './element-props.js';

/** The widget's events as React 19 custom-element listener props (`on` + the event name). */
export type LipwaCheckoutReactEventProps = {
  [K in LipwaEventName as `on${K}`]?: ((event: LipwaEventMap[K]) => void) | undefined;
};

/** Everything `<lipwa-checkout>` accepts in JSX: HTML props, a typed `ref`, attributes, events. */
export type LipwaCheckoutReactProps = DetailedHTMLProps<
  HTMLAttributes<LipwaCheckout>,
  LipwaCheckout
> &
  LipwaCheckoutAttributes &
  LipwaCheckoutProperties &
  LipwaCheckoutReactEventProps;

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'lipwa-checkout': LipwaCheckoutReactProps;
    }
  }
}
