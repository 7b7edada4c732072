import { describe, expect, it } from 'vitest';
import { escapeHtml, formatShillings } from './html.js';

describe('html helpers', () => {
  it('escapes every character that could open markup or an attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('groups shillings in thousands with commas, whatever the host locale', () => {
    expect([1, 999, 1500, 250000, 1234567].map(formatShillings)).toEqual([
      '1',
      '999',
      '1,500',
      '250,000',
      '1,234,567',
    ]);
  });
});
