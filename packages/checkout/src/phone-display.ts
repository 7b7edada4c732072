/**
 * A phone number the way Kenyans write it, with the middle hidden: `0712 ••• 202`. The server
 * only ever sends a masked number (`2547•••••202`); the first four digits come from what the
 * customer typed on this page, when it is the same number.
 */
const HIDDEN = '•••';

/** `2547•••••202` (+ `254712345202` typed here) -> `0712 ••• 202`; alone -> `07•• ••• 202`. */
export function displayPhone(shown: string, typed?: string): string {
  if (!/^254\d/.test(shown) || shown.length < 10) return shown;
  const last = shown.slice(-3);
  const sameNumber = typed?.startsWith(shown.slice(0, 4)) && typed.endsWith(last);
  const national = `0${(sameNumber && typed ? typed : shown).slice(3)}`;
  const head = /^\d{4}/.test(national) ? national.slice(0, 4) : `${national.slice(0, 2)}••`;
  return `${head} ${HIDDEN} ${last}`;
}
