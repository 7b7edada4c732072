/**
 * Every STK ResultCode daraja.md documents, with the ResultDesc text Daraja sends for it. A
 * prompt can be settled with any of these and nothing else.
 */
export const resultDescriptions: Readonly<Record<number, string>> = Object.freeze({
  0: 'The service request is processed successfully.',
  1: 'The balance is insufficient for the transaction.',
  2: 'Declined due to limit rule: less than the minimum transaction amount.',
  3: 'Declined due to limit rule: greater than the maximum transaction amount.',
  4: 'Declined due to limit rule: would exceed daily transfer limit.',
  8: 'Declined due to limit rule: would exceed the maximum balance.',
  17: 'Rule limited.',
  26: 'System busy. The service request is rejected.',
  1001: 'Unable to lock subscriber, a transaction is already in process for the current subscriber',
  1019: 'Transaction has expired',
  1025: 'An error occurred while sending a push request',
  1032: 'Request cancelled by user',
  1037: 'DS timeout user cannot be reached',
  2001: 'The initiator information is invalid.',
  2028: 'The request is not permitted according to product assignment.',
  8006: 'The security credential is locked',
  9999: 'An error occurred while sending a push request',
});

export const documentedResultCodes: readonly number[] = Object.keys(resultDescriptions).map(Number);

export function isDocumentedResultCode(code: number): boolean {
  return Object.hasOwn(resultDescriptions, code);
}

export function resultDescription(code: number): string {
  return resultDescriptions[code] ?? 'Unknown result';
}
