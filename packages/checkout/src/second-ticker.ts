/**
 * Re-renders its element every second while `running()` says a countdown is on screen (the
 * prompt's, a retry cooldown), on the element's injectable scheduler so tests drive it.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Scheduler } from './scheduler.js';

export class SecondTicker implements ReactiveController {
  readonly #host: ReactiveControllerHost & { readonly scheduler: Scheduler };
  readonly #running: () => boolean;
  readonly #onTick: () => void;
  #cancel: (() => void) | undefined;

  constructor(
    host: ReactiveControllerHost & { readonly scheduler: Scheduler },
    running: () => boolean,
    onTick: () => void = () => undefined,
  ) {
    this.#host = host;
    this.#running = running;
    this.#onTick = onTick;
    host.addController(this);
  }

  /** After every render: keep one tick scheduled while needed, none otherwise. */
  hostUpdated(): void {
    if (!this.#running()) {
      this.hostDisconnected();
      return;
    }
    this.#cancel ??= this.#host.scheduler.after(1000, () => {
      this.#cancel = undefined;
      this.#onTick();
      this.#host.requestUpdate();
    });
  }

  hostDisconnected(): void {
    this.#cancel?.();
    this.#cancel = undefined;
  }
}
