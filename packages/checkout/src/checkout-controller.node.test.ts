/// <reference types="node" />
/**
 * The checkout's logic without a DOM: the controller on a stand-in element (an `EventTarget`
 * with the element's attributes), the scripted server and a manual clock.
 */
import type { ReactiveController } from 'lit';
import { describe, expect, it } from 'vitest';
import { CheckoutController } from './checkout-controller.js';
import type { CheckoutHost } from './checkout-model.js';
import type { LipwaStateEvent } from './events.js';
import type { Locale } from './strings.js';
import {
  createManualClock,
  createTestServer,
  paymentFixture,
  problem,
  T0,
  TOKEN,
} from './test-server.js';

class StandInElement extends EventTarget implements CheckoutHost {
  session: string | undefined = TOKEN;
  apiBase = '/lipwa';
  redirectMode = undefined;
  language: Locale = 'en';
  hasUpdated = false;
  readonly server = createTestServer();
  fetch: CheckoutHost['fetch'] = this.server.fetch;
  readonly clock = createManualClock();
  readonly scheduler = this.clock;
  readonly navigation = {
    href: 'https://shop.example/checkout',
    assign: () => undefined,
    open: () => null,
  };
  readonly controllers: ReactiveController[] = [];
  readonly states: string[] = [];
  readonly events: Event[] = [];
  updates = 0;
  readonly updateComplete = Promise.resolve(true);

  constructor() {
    super();
    this.addEventListener('lipwa-state', (event: Event) => {
      this.states.push((event as LipwaStateEvent).detail.state);
    });
    for (const type of ['lipwa-started', 'lipwa-success', 'lipwa-failure']) {
      this.addEventListener(type, (event) => this.events.push(event));
    }
  }
  addController(controller: ReactiveController): void {
    this.controllers.push(controller);
  }
  removeController(): void {}
  requestUpdate(): void {
    this.updates++;
  }
  hasFocus(): boolean {
    return false;
  }
}

async function setup(configure?: (element: StandInElement) => void) {
  const element = new StandInElement();
  configure?.(element);
  const checkout = new CheckoutController(element);
  await checkout.load();
  return { element, checkout, server: element.server };
}

describe('CheckoutController, before "Pay"', () => {
  it('loads the session and the visitor language together, then offers phone entry', async () => {
    const { checkout, element, server } = await setup((e) => {
      e.language = 'sw';
    });

    expect(checkout.state).toBe('phone');
    expect(element.states).toEqual(['phone']);
    expect(checkout.session?.merchantName).toBe('Pwani Crafts');
    expect(checkout.tables.entry?.payTo).toBe('Lipa {merchant}');
    expect(server.requests).toHaveLength(1);
  });

  it('stays loading until the element has a session to load', async () => {
    const { checkout, server } = await setup((e) => {
      e.session = undefined;
    });

    expect(checkout.state).toBe('loading');
    expect(server.requests).toEqual([]);
  });

  it('refuses a malformed number with its reason, sending nothing', async () => {
    const { checkout, server } = await setup();
    checkout.typePhone('0812 345 678');

    await checkout.submit();

    expect(checkout.state).toBe('phone');
    expect(checkout.phoneError).toEqual({ rejection: 'not_mobile' });
    expect(checkout.focus).toBe('phone');
    expect(server.requestsTo('POST', '/payments')).toEqual([]);
  });

  it('refuses to start once the session has expired by the clock', async () => {
    const { checkout, element, server } = await setup();
    checkout.typePhone('0711 000 000');
    await element.clock.advance(16 * 60_000);

    await checkout.submit();

    expect(checkout.state).toBe('session-expired');
    expect(server.requestsTo('POST', '/payments')).toEqual([]);
    expect(element.clock.now()).toBeGreaterThan(T0);
  });

  it('shows "could not load" with the offline words when the server cannot be reached', async () => {
    const { checkout } = await setup((e) => {
      e.server.handlers.set('GET /session', () => Promise.reject(new TypeError('Failed to fetch')));
    });

    await expect.poll(() => checkout.state).toBe('error');
    expect(checkout.message).toEqual({ problem: 'offline' });
  });
});

describe('CheckoutController, after "Pay"', () => {
  async function paying() {
    const context = await setup();
    context.checkout.typePhone('0708 374 149');
    await context.checkout.submit();
    await expect.poll(() => context.server.streams.length).toBe(1);
    return context;
  }

  it('sends the normalised number and waits for the PIN, following the payment', async () => {
    const { checkout, element, server } = await paying();

    expect(server.requestsTo('POST', '/payments')[0]?.body).toEqual({
      phone: '254708374149',
      method: 'daraja',
    });
    expect(element.states).toEqual(['phone', 'sending', 'waiting']);
    expect(checkout.paidFrom).toBe('254708374149');
    expect(element.events.map((event) => event.type)).toEqual(['lipwa-started']);
  });

  it('moves to success when the stream reports completion, with lipwa-success', async () => {
    const { checkout, element, server } = await paying();

    server.streams[0]?.sendPayment(paymentFixture({ status: 'completed', receipt: 'NLJ7RT61SV' }));

    await expect.poll(() => checkout.state).toBe('success');
    expect(checkout.payment?.receipt).toBe('NLJ7RT61SV');
    expect(element.events.map((event) => event.type)).toEqual(['lipwa-started', 'lipwa-success']);
  });

  it('holds "Try again" for the cooldown the server asked for', async () => {
    const { checkout, element } = await setup((e) => {
      e.server.handlers.set('POST /payments', () =>
        problem('attempt_cooldown', 429, { retryAfter: 12 }),
      );
    });
    checkout.typePhone('0711 000 000');

    await checkout.submit();

    expect(checkout.state).toBe('failure');
    expect(checkout.message).toEqual({ problem: 'attempt_cooldown', seconds: 12 });
    expect(checkout.retryWait).toBe(12);
    checkout.flow?.retry();
    expect(checkout.state).toBe('failure');
    await element.clock.advance(12_000);
    checkout.flow?.retry();
    expect(checkout.state).toBe('phone');
  });

  it('gives up on an unanswered POST after 30 s and follows the attempt it finds', async () => {
    const { checkout, element, server } = await setup((e) => {
      // POST never answers; only the widget's own timeout ends it.
      e.fetch = (input, init) =>
        init?.method === 'POST'
          ? new Promise((_, reject) => {
              init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
            })
          : e.server.fetch(input, init);
    });
    checkout.typePhone('0711 000 000');
    const submitted = checkout.submit();
    await expect.poll(() => checkout.state).toBe('sending');
    server.sessionPayment = paymentFixture();

    await element.clock.advance(30_000);

    await expect.poll(() => checkout.state).toBe('waiting');
    await submitted;
    expect(element.events.map((event) => event.type)).toEqual(['lipwa-started']);
  });
});
