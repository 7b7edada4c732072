/**
 * Every STK ResultCode the adapter's table documents (daraja.md plus what current Daraja sends),
 * with the ResultDesc text Daraja sends for it. Codes are text: most are digits, some are not
 * (`SFC_IC0003`). A prompt can be settled with any of these and nothing else.
 */
export const resultDescriptions: Readonly<Record<string, string>> = Object.freeze({
  '0': 'The service request is processed successfully.',
  '1': 'The balance is insufficient for the transaction.',
  '2': 'Declined due to limit rule: less than the minimum transaction amount.',
  '3': 'Declined due to limit rule: greater than the maximum transaction amount.',
  '4': 'Declined due to limit rule: would exceed daily transfer limit.',
  '8': 'Declined due to limit rule: would exceed the maximum balance.',
  '17': 'Rule limited.',
  '26': 'System busy. The service request is rejected.',
  '1001':
    'Unable to lock subscriber, a transaction is already in process for the current subscriber',
  '1019': 'Transaction has expired',
  '1025': 'An error occurred while sending a push request',
  '1031': 'Request cancelled by user',
  '1032': 'Request cancelled by user',
  '1036': 'SMSC ACK timeout.',
  // Current Daraja's wording; older answers said "DS timeout user cannot be reached".
  '1037': 'No response from user.',
  '1101': 'Unable to send the push request.',
  '2001': 'The initiator information is invalid.',
  '2028': 'The request is not permitted according to product assignment.',
  '4999': 'The transaction is still under processing',
  '8006': 'The security credential is locked',
  '9999': 'An error occurred while sending a push request',
  SFC_IC0003: 'The operator does not exist',
});

/** Not an outcome: what a query says (and a callback may say) while the customer has not answered. */
export const STILL_PROCESSING = '4999';

/** What settles a request whose prompt never reached the phone (an over-long AccountReference). */
export const PUSH_FAILED = '1025';

export const documentedResultCodes: readonly string[] = Object.keys(resultDescriptions);

/** The code as text (`0`, `"1032"`, `"SFC_IC0003"`), or `undefined` when it is not documented. */
export function documentedResultCode(code: number | string): string | undefined {
  const text = String(code).trim();
  return Object.hasOwn(resultDescriptions, text) ? text : undefined;
}

export function resultDescription(code: string): string {
  return (
    (Object.hasOwn(resultDescriptions, code) ? resultDescriptions[code] : undefined) ??
    'Unknown result'
  );
}

/** As a callback carries it: digits as a JSON number, anything else as text. */
export function callbackResultCode(code: string): number | string {
  return /^\d+$/.test(code) ? Number(code) : code;
}
