/**
 * Template typings for `<lipwa-checkout>` in Vue 3 (Volar / vue-tsc). Activate them once:
 *
 * ```ts
 * import type {} from '@lipwa/checkout/vue';
 * ```
 *
 * Vue must also be told the tag is a custom element, or it warns that it cannot resolve it:
 * `vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('lipwa-') } } })`
 * in `vite.config.ts`. Vue camelises template names, so `session-url` is typed as `sessionUrl`
 * and `@lipwa-success` as `onLipwaSuccess`; both spellings reach the element.
 */
import type { DefineComponent } from 'vue';
import type {
  LipwaCancelledEvent,
  LipwaExpiredEvent,
  LipwaFailureEvent,
  LipwaOfflineEvent,
  LipwaOnlineEvent,
  LipwaRedirectEvent,
  LipwaSessionExpiredEvent,
  LipwaStartedEvent,
  LipwaStateEvent,
  LipwaSuccessEvent,
} from '../events.js';
import type { LipwaCheckoutProperties } from './element-props.js';

/** `<lipwa-checkout>`'s attributes, properties and `@lipwa-*` listeners as Vue sees them. */
export interface LipwaCheckoutVueProps extends LipwaCheckoutProperties {
  session?: string | undefined;
  sessionUrl?: string | undefined;
  apiBase?: string | undefined;
  locale?: string | undefined;
  phone?: string | undefined;
  paybill?: string | undefined;
  till?: string | undefined;
  theme?: 'light' | 'dark' | 'auto' | undefined;
  redirectMode?: 'same-tab' | 'popup' | undefined;
  onLipwaState?: ((event: LipwaStateEvent) => void) | undefined;
  onLipwaStarted?: ((event: LipwaStartedEvent) => void) | undefined;
  onLipwaSuccess?: ((event: LipwaSuccessEvent) => void) | undefined;
  onLipwaFailure?: ((event: LipwaFailureEvent) => void) | undefined;
  onLipwaCancelled?: ((event: LipwaCancelledEvent) => void) | undefined;
  onLipwaExpired?: ((event: LipwaExpiredEvent) => void) | undefined;
  onLipwaSessionExpired?: ((event: LipwaSessionExpiredEvent) => void) | undefined;
  onLipwaOffline?: ((event: LipwaOfflineEvent) => void) | undefined;
  onLipwaOnline?: ((event: LipwaOnlineEvent) => void) | undefined;
  onLipwaRedirect?: ((event: LipwaRedirectEvent) => void) | undefined;
}

/** The component type Volar checks `<lipwa-checkout>` / `<LipwaCheckout>` against. */
export type LipwaCheckoutVueComponent = DefineComponent<LipwaCheckoutVueProps>;

declare module 'vue' {
  interface GlobalComponents {
    LipwaCheckout: LipwaCheckoutVueComponent;
  }
}
