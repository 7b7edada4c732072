import { describe, expect, it } from 'vitest';
import { darajaCallbackSourceIps, normaliseAddress } from './callback-sources.js';

describe('darajaCallbackSourceIps', () => {
  it('lists the twelve addresses daraja.md cites, each once', () => {
    expect(darajaCallbackSourceIps).toHaveLength(12);
    expect(new Set(darajaCallbackSourceIps).size).toBe(12);
    expect(darajaCallbackSourceIps).toContain('196.201.214.200');
    expect(darajaCallbackSourceIps).toContain('196.201.212.69');
  });

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(darajaCallbackSourceIps)).toBe(true);
  });
});

describe('normaliseAddress', () => {
  it.each([
    ['::ffff:196.201.214.200', '196.201.214.200'],
    ['::FFFF:196.201.214.206', '196.201.214.206'],
    [' 196.201.213.44 ', '196.201.213.44'],
    ['2001:DB8::1', '2001:db8::1'],
  ])('reads %j as %j', (input, expected) => {
    expect(normaliseAddress(input)).toBe(expected);
  });
});
