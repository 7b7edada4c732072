import { failureReasons } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import { en, format, stringsFor } from './strings.js';

describe('the English strings', () => {
  it('explain every failure reason core defines in plain words', () => {
    const missing = failureReasons.filter((reason) => !en.reasons[reason]?.trim());

    expect(missing).toEqual([]);
  });

  it('are chosen for en, en-KE and any unknown locale', () => {
    expect(stringsFor('en-KE')).toBe(en);
    expect(stringsFor('xx')).toBe(en);
    expect(stringsFor(undefined)).toBe(en);
  });

  it('fill placeholders and leave unknown ones visible', () => {
    expect(format('Pay {amount} to {merchant}', { amount: 'KES 1,500' })).toBe(
      'Pay KES 1,500 to {merchant}',
    );
  });
});
