import { describe, expect, it } from 'vitest';
import { catalogue, formatPrice } from './catalogue.js';

describe('the product list shown in the SPA', () => {
  it('offers the three products the shop sells, by the ids the shop accepts', () => {
    expect(catalogue.map((product) => product.id)).toEqual(['kikoi', 'kiondo', 'chai']);
  });

  it('writes whole-shilling prices the way the widget writes amounts', () => {
    expect(formatPrice(150000)).toBe('KES 1,500');
    expect(formatPrice(45000)).toBe('KES 450');
  });

  it('keeps the cents of a price that has them', () => {
    expect(formatPrice(150050)).toBe('KES 1,500.50');
  });
});
