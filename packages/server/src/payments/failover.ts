/**
 * Failover (option `failover`): when the first STK method is unavailable before any prompt could
 * have gone out, the same attempt tries the session's next STK method. Never after a timeout,
 * when the first may already have prompted the phone.
 */
import { type CheckoutSession, type ProviderAdapter, ProviderError } from '@lipwa/core';

export function mayFailOver(enabled: boolean, error: unknown): boolean {
  return (
    enabled &&
    error instanceof ProviderError &&
    error.code === 'provider_unavailable' &&
    !error.ambiguous
  );
}

/** The next STK method the session offers after `current`. */
export function nextStkProvider(
  session: CheckoutSession,
  current: ProviderAdapter,
  providers: ReadonlyMap<string, ProviderAdapter>,
): ProviderAdapter | undefined {
  const after = session.methods.slice(session.methods.indexOf(current.id) + 1);
  return after.map((id) => providers.get(id)).find((provider) => provider?.capabilities.has('stk'));
}
