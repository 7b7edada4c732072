/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type LipwaEventName, lipwaEvents } from './events.js';
import { paymentFixture } from './test-server.js';

const names = Object.keys(lipwaEvents) as LipwaEventName[];

describe('the event map', () => {
  it('gives every event a class of its own name that bubbles out of the shadow root', () => {
    for (const name of names) {
      const EventClass = lipwaEvents[name] as unknown as new (detail: object) => CustomEvent;
      const event = new EventClass({ payment: paymentFixture(), state: 'phone', url: 'https://x' });

      expect(lipwaEvents[name].type).toBe(name);
      expect(event).toBeInstanceOf(CustomEvent);
      expect(event).toMatchObject({ type: name, bubbles: true, composed: true });
      // Only leaving for a hosted page can be refused by the page.
      expect(event.cancelable).toBe(name === 'lipwa-redirect');
    }
  });

  it('is what the element documents for the custom-elements manifest, event for event', () => {
    const source = readFileSync(new URL('./lipwa-checkout.component.ts', import.meta.url), 'utf8');
    const documented = [...source.matchAll(/@event \{(\w+)\} ([\w-]+)/g)].map(
      ([, type = '', name = '']) => ({ type, name }),
    );

    expect(documented.map(({ name }) => name)).toEqual(names);
    for (const { type, name } of documented) {
      expect(type).toBe(
        `Lipwa${name.slice(6).replace(/(^|-)(\w)/g, (_, _dash, c: string) => c.toUpperCase())}Event`,
      );
    }
  });
});
