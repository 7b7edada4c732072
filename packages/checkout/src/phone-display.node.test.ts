import { describe, expect, it } from 'vitest';
import { displayPhone } from './phone-display.js';

describe('displayPhone', () => {
  it('writes the number the customer typed here as Kenyans do, the middle hidden', () => {
    expect(displayPhone('2547•••••202', '254712345202')).toBe('0712 ••• 202');
    expect(displayPhone('2541•••••456', '254110123456')).toBe('0110 ••• 456');
  });

  it('shows only what the server revealed when the number was not typed on this page', () => {
    expect(displayPhone('2547•••••149')).toBe('07•• ••• 149');
    expect(displayPhone('2547•••••149', '254799999999')).toBe('07•• ••• 149');
  });

  it('hides the middle of a full number too, and leaves anything else as it came', () => {
    expect(displayPhone('254712345678')).toBe('0712 ••• 678');
    expect(displayPhone('')).toBe('');
    expect(displayPhone('+1 555 0100')).toBe('+1 555 0100');
  });
});
