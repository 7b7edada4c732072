/**
 * Addresses integrators commonly cite as Daraja's callback sources. Safaricom does not publish
 * them officially, so checking them is opt-in (`allowedSourceIps`) and never the only defence.
 */
export const darajaCallbackSourceIps: readonly string[] = Object.freeze([
  '196.201.214.200',
  '196.201.214.206',
  '196.201.214.207',
  '196.201.214.208',
  '196.201.213.114',
  '196.201.213.44',
  '196.201.212.127',
  '196.201.212.138',
  '196.201.212.129',
  '196.201.212.136',
  '196.201.212.74',
  '196.201.212.69',
]);

/** `::ffff:196.201.214.200` (an IPv4 peer on a dual-stack socket) -> `196.201.214.200`. */
export function normaliseAddress(address: string): string {
  const trimmed = address.trim().toLowerCase();
  return trimmed.startsWith('::ffff:') && trimmed.includes('.') ? trimmed.slice(7) : trimmed;
}
