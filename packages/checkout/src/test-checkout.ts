/**
 * The element's test harness: `setupTest()` mounts `<lipwa-checkout>` on the scripted server
 * (`test-server.ts`), a manual clock and a recording page (`createTestNavigation`), so no test
 * ever navigates the runner's page. Test-only (excluded from the build). Call `cleanUp` in
 * `afterEach`.
 */
import { expect } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import './define.js';
import type { CheckoutState } from './checkout-state.js';
import { type LipwaEventName, type LipwaStateEvent, lipwaEvents } from './events.js';
import type { PageNavigation, PaymentPopup } from './hosted-page.js';
import type { LipwaCheckout } from './lipwa-checkout.component.js';
import { createManualClock, createTestServer, TOKEN } from './test-server.js';

/** A popup that records what the widget did to it; the test closes it with `closed = true`. */
export interface TestPopup extends PaymentPopup {
  closed: boolean;
  readonly replacedWith: string[];
  focused: number;
}

/** The page as the widget sees it: `href` to return to, and every navigation it asked for. */
export interface TestNavigation extends PageNavigation {
  href: string;
  readonly assigned: string[];
  readonly opened: { url: string; target: string; features: string; popup: TestPopup }[];
  /** Set to make `open` answer null, as a popup blocker does. */
  blockPopups: boolean;
}

export const SHOP_PAGE = 'https://shop.example/orders/1042?step=pay';

export function createTestNavigation(href = SHOP_PAGE): TestNavigation {
  const navigation: TestNavigation = {
    href,
    assigned: [],
    opened: [],
    blockPopups: false,
    assign(url) {
      navigation.assigned.push(url);
    },
    open(url, target, features) {
      if (navigation.blockPopups) return null;
      const popup: TestPopup = {
        closed: false,
        opener: 'the widget page',
        replacedWith: [],
        focused: 0,
        location: { replace: (to) => popup.replacedWith.push(to) },
        focus() {
          popup.focused++;
        },
        close() {
          popup.closed = true;
        },
      };
      navigation.opened.push({ url, target, features, popup });
      return popup;
    },
  };
  return navigation;
}

export interface SetupOptions {
  attributes?: Record<string, string>;
  configure?: (server: ReturnType<typeof createTestServer>) => void;
  /** Sets properties on the element before it connects. */
  prepare?: (element: LipwaCheckout, server: ReturnType<typeof createTestServer>) => void;
  /** Skips waiting for the first state (to look at the loading state). */
  loading?: boolean;
  /** The page's address and popup blocking, as the widget will see them. */
  navigation?: Partial<Pick<TestNavigation, 'href' | 'blockPopups'>>;
}

/** Every event the widget can fire, from the one event map. */
const eventTypes = Object.keys(lipwaEvents) as LipwaEventName[];

const cleanups: (() => void)[] = [];

/** Runs after each test: removes the elements and listeners the test added. */
export function cleanUp(): void {
  for (const cleanup of cleanups.splice(0)) cleanup();
}

export function onCleanup(cleanup: () => void): void {
  cleanups.push(cleanup);
}

/** Mounts a widget wired to a scripted server and a manual clock; waits for the first state. */
export async function setupTest(options: SetupOptions = {}) {
  const server = createTestServer();
  options.configure?.(server);
  const clock = createManualClock();
  const navigation = Object.assign(createTestNavigation(), options.navigation);
  const element = document.createElement('lipwa-checkout');
  element.fetch = server.fetch;
  element.clock = clock;
  element.scheduler = clock;
  element.navigation = navigation;
  options.prepare?.(element, server);
  const states: CheckoutState[] = [];
  const events: Event[] = [];
  const record = (event: Event) => events.push(event);
  for (const type of eventTypes) document.addEventListener(type, record);
  element.addEventListener('lipwa-state', (event: LipwaStateEvent) => {
    states.push(event.detail.state);
  });
  for (const [name, value] of Object.entries({
    session: TOKEN,
    'api-base': '/lipwa',
    ...options.attributes,
  })) {
    element.setAttribute(name, value);
  }
  document.body.append(element);
  if (!options.loading) await expect.poll(() => element.state).not.toBe('loading');
  const phoneField = page.getByLabelText('M-Pesa phone number');
  const eventsOfType = (type: string) => events.filter((event) => event.type === type);
  onCleanup(() => {
    element.remove();
    for (const type of eventTypes) document.removeEventListener(type, record);
  });
  return { element, server, clock, navigation, states, events, eventsOfType, phoneField };
}

/** Mounts the widget and starts a payment on 0708 374 149; resolves once the stream is open. */
export async function startPaymentWith(options: SetupOptions = {}) {
  const context = await setupTest(options);
  await userEvent.fill(context.phoneField, '0708 374 149');
  await userEvent.keyboard('{Enter}');
  await expect.poll(() => context.element.state).toBe('waiting');
  await expect.poll(() => context.server.streams.length).toBe(1);
  return context;
}

export function shadowText(element: LipwaCheckout): string {
  return element.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '';
}
