/**
 * Daraja's view of the magic numbers (`outcomes.ts` holds them in no provider's codes): phone
 * numbers with a fixed outcome, so tests and demos are deterministic. Any other number waits for
 * the virtual phone (or times out as 1037).
 */

import { magicOutcomes } from '../outcomes.js';
import { darajaResultCodeOf } from './daraja-engine.js';

export type MagicBehaviour =
  | { readonly kind: 'settle'; readonly resultCode: string; readonly callbacks: 0 | 1 | 2 }
  | {
      readonly kind: 'refuse';
      readonly status: number;
      readonly errorCode: string;
      readonly errorMessage: string;
    };

export const magicNumbers: Readonly<Record<string, MagicBehaviour>> = Object.freeze(
  Object.fromEntries(
    Object.entries(magicOutcomes).map(([msisdn, magic]): [string, MagicBehaviour] => [
      msisdn,
      magic.kind === 'settle'
        ? {
            kind: 'settle',
            resultCode: darajaResultCodeOf[magic.outcome],
            callbacks: magic.callbacks,
          }
        : {
            kind: 'refuse',
            status: 500,
            errorCode: '500.001.1001',
            errorMessage:
              'Unable to lock subscriber, a transaction is already in process for the current subscriber',
          },
    ]),
  ),
);

/** The sandbox's test MSISDN: like any non-magic number, it waits for the virtual phone. */
export const sandboxTestMsisdn = '254708374149';

export function magicBehaviour(phone: string): MagicBehaviour | undefined {
  return Object.hasOwn(magicNumbers, phone) ? magicNumbers[phone] : undefined;
}
