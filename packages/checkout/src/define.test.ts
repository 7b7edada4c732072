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

describe('script loaded after the markup (async/defer)', () => {
  it('upgrades an element that was in the HTML before the script ran', async () => {
    const frame = document.createElement('iframe');
    const script = new URL('./define.ts', import.meta.url).href;
    frame.srcdoc = `<lipwa-checkout session="t" api-base="/nowhere"></lipwa-checkout><script type="module" src="${script}"></script>`;
    document.body.append(frame);
    try {
      const inner = () => frame.contentDocument?.querySelector('lipwa-checkout');

      await expect
        .poll(() => inner()?.shadowRoot?.querySelector('h2')?.textContent, { timeout: 5000 })
        .toBeTruthy();
      expect(frame.contentWindow?.customElements.get('lipwa-checkout')).toBeDefined();
      expect(inner()?.getAttribute('session')).toBe('t');
    } finally {
      frame.remove();
    }
  });
});
