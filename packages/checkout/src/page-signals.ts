/**
 * What the page tells a payment in progress: the network dropping and coming back, the tab
 * returning from the background, a page restored from the back/forward cache. A Lit
 * `ReactiveController` listening while its element is connected.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** What the signals ask of the checkout. */
export interface PageSignalsTarget {
  setOffline(offline: boolean): void;
  /** Ask the server for the payment now and reopen a dead stream. */
  refresh(): void;
  load(): Promise<void>;
}

export class PageSignals implements ReactiveController {
  readonly #target: PageSignalsTarget;

  constructor(host: ReactiveControllerHost, target: PageSignalsTarget) {
    this.#target = target;
    host.addController(this);
  }

  hostConnected(): void {
    globalThis.addEventListener?.('online', this.#onOnline);
    globalThis.addEventListener?.('offline', this.#onOffline);
    globalThis.document?.addEventListener('visibilitychange', this.#onVisible);
    // Back (browser Back) from a hosted payment page into a page kept in the back/forward cache.
    globalThis.addEventListener?.('pageshow', this.#onPageShow);
  }

  hostDisconnected(): void {
    globalThis.removeEventListener?.('online', this.#onOnline);
    globalThis.removeEventListener?.('offline', this.#onOffline);
    globalThis.document?.removeEventListener('visibilitychange', this.#onVisible);
    globalThis.removeEventListener?.('pageshow', this.#onPageShow);
  }

  #onOffline = (): void => {
    this.#target.setOffline(true);
  };

  /** Back online: ask for the payment now and reopen the stream (it died with the network). */
  #onOnline = (): void => {
    this.#target.setOffline(false);
    this.#target.refresh();
  };

  /** Mobile browsers freeze background tabs: on return, fetch the truth and revive the stream. */
  #onVisible = (): void => {
    if (globalThis.document?.visibilityState === 'visible') this.#target.refresh();
  };

  /** A page restored from the back/forward cache did not load again: ask the server, as a load would. */
  #onPageShow = (event: Event): void => {
    if ((event as PageTransitionEvent).persisted) void this.#target.load();
  };
}
