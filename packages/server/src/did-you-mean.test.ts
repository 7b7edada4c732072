import { describe, expect, it } from 'vitest';
import { closestName, editDistance } from './did-you-mean.js';

describe('did you mean', () => {
  it('counts single-character edits between two names', () => {
    expect(editDistance('providers', 'providers')).toBe(0);
    expect(editDistance('provders', 'providers')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests the closest known name for a slip, ignoring case', () => {
    const known = ['providers', 'publicUrl', 'allowedOrigins', 'attemptCooldownMs'];

    expect(closestName('provders', known)).toBe('providers');
    expect(closestName('publicURL', known)).toBe('publicUrl');
    expect(closestName('alowedOrigin', known)).toBe('allowedOrigins');
  });

  it('suggests nothing for a word that is not close to any known name', () => {
    expect(closestName('webhooks', ['providers', 'publicUrl'])).toBeUndefined();
  });
});
