import { describe, expect, it } from 'vitest';
import { tagName } from './define.js';
import { LipwaStateEvent } from './events.js';
import { LipwaCheckout } from './lipwa-checkout.component.js';

describe('registration and events', () => {
  it('registers <lipwa-checkout> once and survives being loaded a second time', async () => {
    // A second copy of the module (two bundles on one page) must not throw.
    await import(/* @vite-ignore */ `./define.js?copy=${Date.now()}`);

    expect(customElements.get(tagName)).toBe(LipwaCheckout);
    expect(document.createElement('lipwa-checkout')).toBeInstanceOf(LipwaCheckout);
  });

  it('creates events that bubble out of the shadow root with the state in detail', () => {
    const event = new LipwaStateEvent({ state: 'phone' });

    expect(event).toBeInstanceOf(CustomEvent);
    expect(event).toMatchObject({ type: 'lipwa-state', bubbles: true, composed: true });
    expect(event.detail.state).toBe('phone');
  });
});
