/// <reference types="node" />
/**
 * Importing the package on a server (SSR, a bundler's prerender, a Node test runner) must not
 * need `window` or `document` at module load. (Lit's Node build brings its own `customElements`
 * shim for server rendering; registration uses it when it is there and skips otherwise.)
 */
import { describe, expect, it } from 'vitest';

describe('importing @lipwa/checkout on a server', () => {
  it('runs in an environment with no DOM at all', () => {
    expect(typeof globalThis.window).toBe('undefined');
    expect(typeof globalThis.document).toBe('undefined');
    expect(typeof globalThis.customElements).toBe('undefined');
  });

  it('loads the ESM entry and hands out the element class, its events and its strings', async () => {
    const checkout = await import('./index.js');

    expect(typeof checkout.LipwaCheckout).toBe('function');
    expect(typeof checkout.LipwaSuccessEvent).toBe('function');
    expect(Object.keys(checkout.locales).sort()).toEqual(['en', 'sw']);
  });

  it('registers the element only in a registry that exists (Lit installs one for server rendering)', async () => {
    const { LipwaCheckout, tagName } = await import('./define.js');

    expect(globalThis.customElements?.get(tagName)).toBe(LipwaCheckout);
  });

  it('never creates a window or a document along the way', () => {
    expect(typeof globalThis.window).toBe('undefined');
    expect(typeof globalThis.document).toBe('undefined');
  });
});
