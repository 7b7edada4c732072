/**
 * Compile-time specification of the React and Vue typings: `tsc -p tsconfig.json` (the
 * package's typecheck) fails if an accepted prop stops compiling or a refused one starts to.
 * Excluded from the build like every `test-*.ts`.
 */
import type { JSX } from 'react';
import type { GlobalComponents } from 'vue';
import type { LipwaSuccessEvent } from '../events.js';
import type { LipwaCheckoutReactProps } from './react.js';
import type { LipwaCheckoutVueProps } from './vue.js';

type ReactLipwaCheckout = JSX.IntrinsicElements['lipwa-checkout'];

// The augmentation registers the tag under React 19's JSX namespace.
export const registered: LipwaCheckoutReactProps extends ReactLipwaCheckout ? true : false = true;

export const reactProps: ReactLipwaCheckout = {
  session: 'eyJhbGciOiJIUzI1NiJ9.session',
  'api-base': '/lipwa',
  'session-url': '/checkout/session',
  locale: 'en',
  phone: '0711 000 000',
  'redirect-mode': 'popup',
  clock: { now: () => 0 },
  scheduler: { after: () => () => undefined },
  // The handler's event is inferred: detail.payment is a PaymentView.
  'onlipwa-success': (event) => event.detail.payment.receipt,
  'onlipwa-state': (event) => event.detail.state,
  'onlipwa-session-expired': (event) => event.detail.payment?.id,
  // An SPA takes the hosted page's navigation over: the event is cancelable.
  'onlipwa-redirect': (event) => {
    event.preventDefault();
    return event.detail.url;
  },
  className: 'checkout',
};

export const reactRefusesANumberToken: ReactLipwaCheckout = {
  // @ts-expect-error the session token is a string
  session: 42,
};

export const reactRefusesAnUnknownRedirectMode: ReactLipwaCheckout = {
  // @ts-expect-error redirect-mode is same-tab or popup
  'redirect-mode': 'new-window',
};

export const reactRefusesAStateHandlerForSuccess: ReactLipwaCheckout = {
  // @ts-expect-error lipwa-state carries { state }, not the success event
  'onlipwa-state': (event: LipwaSuccessEvent) => event.detail.payment.receipt,
};

type VueLipwaCheckout = GlobalComponents['LipwaCheckout'];

// The Vue augmentation registers a component whose props are the element's.
export const vueProps: InstanceType<VueLipwaCheckout>['$props'] = {
  session: 'eyJhbGciOiJIUzI1NiJ9.session',
  apiBase: '/lipwa',
  onLipwaSuccess: (event) => event.detail.payment.receipt,
  onLipwaFailure: (event) => event.detail.payment.reason,
  redirectMode: 'popup',
  onLipwaRedirect: (event) => event.detail.payment.next,
};

export const vueRefusesANumberToken: LipwaCheckoutVueProps = {
  // @ts-expect-error the session token is a string
  session: 42,
};

// Every event of the map has its listener prop in both typings, and only those.
type EveryReactListener = `on${import('../events.js').LipwaEventName}`;
export const reactListensToEveryEvent: EveryReactListener extends keyof ReactLipwaCheckout
  ? true
  : false = true;
export const vueListensToTheSessionEnding: LipwaCheckoutVueProps = {
  onLipwaSessionExpired: (event) => event.detail.payment?.id,
  onLipwaOnline: (event) => event.detail.state,
};
