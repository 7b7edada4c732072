/**
 * Socket errors (fetch's `cause.code`) that mean an open connection dropped: the request may
 * have been read before it did, so a request that moves money is ambiguous, like a timeout. A
 * refused or unresolved connection sent nothing.
 */
const DROPPED_AFTER_CONNECT = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

export function droppedAfterConnect(error: unknown): boolean {
  const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return typeof code === 'string' && DROPPED_AFTER_CONNECT.has(code);
}
