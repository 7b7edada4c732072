/**
 * The few words shown before a language table has arrived (the skeleton) or when none can
 * (offline, a blocked file): part of the main file, in every language.
 */
import type { FirstStrings, Locale } from '../strings.js';

export const firstStrings: Readonly<Record<Locale, FirstStrings>> = {
  en: {
    loading: 'Loading checkout…',
    errorHeading: 'Checkout could not load',
    errorBody: 'Something went wrong loading the payment. Check your connection and try again.',
    tryAgain: 'Try again',
  },
  sw: {
    loading: 'Inapakia malipo…',
    errorHeading: 'Malipo hayakuweza kupakia',
    errorBody: 'Kuna hitilafu katika kupakia malipo. Angalia mtandao wako kisha ujaribu tena.',
    tryAgain: 'Jaribu tena',
  },
};
