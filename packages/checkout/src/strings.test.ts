import { failureReasons } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import { en, stringsFor, sw } from './locales.js';
import { format, mergeStrings, resolveLocale } from './strings.js';

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

describe('the Swahili strings and locale choice', () => {
  it('explain every failure reason and phone rejection in Swahili, not in English', () => {
    const untranslated = failureReasons.filter(
      (reason) => !sw.reasons[reason]?.trim() || sw.reasons[reason] === en.reasons[reason],
    );

    expect(untranslated).toEqual([]);
    expect(Object.keys(sw.phoneRejections).sort()).toEqual(Object.keys(en.phoneRejections).sort());
    expect(Object.keys(sw).sort()).toEqual(Object.keys(en).sort());
  });

  it('use the words M-Pesa itself uses', () => {
    expect(sw.payHeading).toBe('Lipa na M-Pesa');
    expect(sw.successHeading).toBe('Malipo yamepokelewa');
    expect(sw.tryAgain).toBe('Jaribu tena');
    expect(sw.reasons.insufficient_funds).toMatch(/^Salio halitoshi/);
  });

  it('name the redirect step and the method picker in Swahili', () => {
    expect(format(sw.continueTo, { name: 'CashPay' })).toBe('Endelea kwa CashPay');
    expect(format(en.continueTo, { name: 'CashPay' })).toBe('Continue to CashPay');
    expect(sw.unfinishedHeading).toBe('Malipo hayajakamilika');
    for (const key of [
      'methodsLegend',
      'unfinishedHeading',
      'unfinishedBody',
      'redirectCancelledBody',
    ] as const) {
      expect(sw[key]).not.toBe(en[key]);
    }
  });

  it('take the locale attribute first, then the first browser language with a table', () => {
    expect(resolveLocale('sw-KE', ['en-US'])).toBe('sw');
    expect(resolveLocale('fr', ['sw'])).toBe('en');
    expect(resolveLocale(undefined, ['fr-FR', 'sw-KE', 'en'])).toBe('sw');
    expect(resolveLocale(undefined, ['fr-FR'])).toBe('en');
    expect(stringsFor('sw')).toBe(sw);
  });

  it('let a merchant override one string or one reason and keep the rest', () => {
    const merged = mergeStrings(sw, {
      payTo: 'Nunua kutoka {merchant}',
      reasons: { wrong_pin: 'PIN si sahihi.' },
    });

    expect(merged.payTo).toBe('Nunua kutoka {merchant}');
    expect(merged.reasons.wrong_pin).toBe('PIN si sahihi.');
    expect(merged.reasons.insufficient_funds).toBe(sw.reasons.insufficient_funds);
    expect(sw.reasons.wrong_pin).not.toBe('PIN si sahihi.');
  });
});
