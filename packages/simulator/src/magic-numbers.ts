/**
 * Phone numbers with a fixed outcome, so tests and demos are deterministic. Any other number
 * waits for the virtual phone (or times out as 1037).
 */
export type MagicBehaviour =
  | { readonly kind: 'settle'; readonly resultCode: number; readonly callbacks: 0 | 1 | 2 }
  | {
      readonly kind: 'refuse';
      readonly status: number;
      readonly errorCode: string;
      readonly errorMessage: string;
    };

export const magicNumbers: Readonly<Record<string, MagicBehaviour>> = Object.freeze({
  '254711000000': { kind: 'settle', resultCode: 0, callbacks: 1 },
  '254711000001': { kind: 'settle', resultCode: 1, callbacks: 1 },
  '254711000032': { kind: 'settle', resultCode: 1032, callbacks: 1 },
  '254711000037': { kind: 'settle', resultCode: 1037, callbacks: 1 },
  '254711002001': { kind: 'settle', resultCode: 2001, callbacks: 1 },
  '254711000099': { kind: 'settle', resultCode: 0, callbacks: 0 },
  '254711000098': { kind: 'settle', resultCode: 0, callbacks: 2 },
  '254711000017': {
    kind: 'refuse',
    status: 500,
    errorCode: '500.001.1001',
    errorMessage:
      'Unable to lock subscriber, a transaction is already in process for the current subscriber',
  },
});

/** The sandbox's test MSISDN: like any non-magic number, it waits for the virtual phone. */
export const sandboxTestMsisdn = '254708374149';

export function magicBehaviour(phone: string): MagicBehaviour | undefined {
  return Object.hasOwn(magicNumbers, phone) ? magicNumbers[phone] : undefined;
}
