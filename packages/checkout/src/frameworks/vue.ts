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
import type { LipwaEventMap, LipwaEventName } from '../events.js';
import type { LipwaCheckoutProperties } from './element-props.js';

/** `lipwa-session-expired` -> `LipwaSessionExpired`: how Vue names a listener prop. */
type PascalCase<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Capitalize<Head>}${PascalCase<Tail>}`
  : Capitalize<S>;

/** Every widget event as Vue's listener prop: `@lipwa-success` is typed as `onLipwaSuccess`. */
export type LipwaCheckoutVueEventProps = {
  [K in LipwaEventName as `on${PascalCase<K>}`]?: ((event: LipwaEventMap[K]) => void) | undefined;
};

/** `<lipwa-checkout>`'s attributes, properties and `@lipwa-*` listeners as Vue sees them. */
export interface LipwaCheckoutVueProps extends LipwaCheckoutProperties, LipwaCheckoutVueEventProps {
  session?: string | undefined;
  sessionUrl?: string | undefined;
  apiBase?: string | undefined;
  locale?: string | undefined;
  phone?: string | undefined;
  paybill?: string | undefined;
  till?: string | undefined;
  theme?: 'light' | 'dark' | 'auto' | undefined;
  redirectMode?: 'same-tab' | 'popup' | undefined;
}

/** The component type Volar checks `<lipwa-checkout>` / `<LipwaCheckout>` against. */
export type LipwaCheckoutVueComponent = DefineComponent<LipwaCheckoutVueProps>;

declare module 'vue' {
  interface GlobalComponents {
    LipwaCheckout: LipwaCheckoutVueComponent;
  }
}
