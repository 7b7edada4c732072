/**
 * Why a typed phone number was refused: the reasons, and their English words. A module of its
 * own so that code using `checkMsisdn` alone (the widget, which words refusals from its own
 * language tables) bundles no English.
 */
export type PhoneRejection =
  | 'empty'
  | 'invalid_characters'
  | 'too_short'
  | 'too_long'
  | 'not_kenyan'
  | 'not_mobile';

/** Why a number was refused, in English: the server's 422 detail and the widget's English text. */
export const phoneRejectionMessages: Readonly<Record<PhoneRejection, string>> = {
  empty: 'Enter your phone number.',
  invalid_characters: 'A phone number has only digits, spaces, dashes and a leading +.',
  too_short: 'That number is too short. Kenyan mobile numbers have 10 digits, like 0712 345 678.',
  too_long: 'That number is too long. Kenyan mobile numbers have 10 digits, like 0712 345 678.',
  not_kenyan: 'Use a Kenyan mobile number (+254).',
  not_mobile: 'Kenyan mobile numbers start with 07 or 01.',
};

export function phoneRejectionMessage(reason: PhoneRejection): string {
  return phoneRejectionMessages[reason];
}
