/**
 * What happened on the customer's phone, in no provider's codes. Magic numbers and the virtual
 * phone decide an outcome; each provider's simulator says it in that provider's own codes, so
 * the same number gives the same result on every provider.
 */
export const outcomes = [
  'paid',
  'insufficient_funds',
  'wrong_pin',
  'cancelled',
  'no_response',
] as const;
export type Outcome = (typeof outcomes)[number];

export function isOutcome(value: unknown): value is Outcome {
  return typeof value === 'string' && (outcomes as readonly string[]).includes(value);
}

/** A magic number's fixed behaviour: settle by itself (with 0, 1 or 2 callbacks), or be refused as busy. */
export type MagicOutcome =
  | { readonly kind: 'settle'; readonly outcome: Outcome; readonly callbacks: 0 | 1 | 2 }
  | { readonly kind: 'refuse'; readonly why: 'busy' };

export const magicOutcomes: Readonly<Record<string, MagicOutcome>> = Object.freeze({
  '254711000000': { kind: 'settle', outcome: 'paid', callbacks: 1 },
  '254711000001': { kind: 'settle', outcome: 'insufficient_funds', callbacks: 1 },
  '254711000032': { kind: 'settle', outcome: 'cancelled', callbacks: 1 },
  '254711000037': { kind: 'settle', outcome: 'no_response', callbacks: 1 },
  '254711002001': { kind: 'settle', outcome: 'wrong_pin', callbacks: 1 },
  // Paid, but the callback is lost: the kit must find out by asking (or by a late webhook).
  '254711000099': { kind: 'settle', outcome: 'paid', callbacks: 0 },
  // Paid, and the callback arrives twice.
  '254711000098': { kind: 'settle', outcome: 'paid', callbacks: 2 },
  // The provider refuses the request: a transaction is already in process for this subscriber.
  '254711000017': { kind: 'refuse', why: 'busy' },
});

/** The magic behaviour of a number in international form (`2547…`), if it has one. */
export function magicOutcome(msisdn: string): MagicOutcome | undefined {
  return Object.hasOwn(magicOutcomes, msisdn) ? magicOutcomes[msisdn] : undefined;
}
