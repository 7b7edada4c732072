/**
 * Test-only: a `fetch` in front of the real one that fails a share of calls the way a provider
 * and the network do, chosen by a seeded PRNG so every run injects the same faults:
 * - `timeout`: the request reaches the provider, the answer never comes (a `TimeoutError`, as
 *   `AbortSignal.timeout` raises): the kit cannot know whether the prompt went out;
 * - `429` and `500`: the provider refuses before doing anything;
 * - `reset`: the connection drops (undici's `fetch failed` / `ECONNRESET`), half of them after
 *   the request went through.
 * It also counts what reached the provider: STK pushes per `AccountReference`.
 */

export const faultKinds = ['timeout', '429', '500', 'reset'] as const;
export type InjectedFault = (typeof faultKinds)[number];

export interface FaultyFetch {
  readonly fetch: typeof fetch;
  /** How many of each fault were injected. */
  readonly injected: Record<InjectedFault, number>;
  /** STK pushes that reached the provider, by `AccountReference`. */
  readonly pushesByReference: Map<string, number>;
}

const STK_PUSH = '/mpesa/stkpush/v1/processrequest';

function reset(): TypeError {
  const cause = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
  return new TypeError('fetch failed', { cause });
}

function refusal(status: number): Response {
  const body =
    status === 429
      ? { requestId: 'fault-429', errorCode: '429.001.01', errorMessage: 'Too many requests' }
      : { requestId: 'fault-500', errorCode: '500.003.02', errorMessage: 'Internal server error' };
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'content-type': 'application/json',
      ...(status === 429 ? { 'retry-after': '1' } : {}),
    },
  });
}

export function faultyFetch(random: () => number, share = 0.2): FaultyFetch {
  const injected: Record<InjectedFault, number> = { timeout: 0, '429': 0, '500': 0, reset: 0 };
  const pushesByReference = new Map<string, number>();

  const forward = async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    if (String(input).endsWith(STK_PUSH) && typeof init?.body === 'string') {
      const reference = String(
        (JSON.parse(init.body) as { AccountReference?: unknown }).AccountReference,
      );
      pushesByReference.set(reference, (pushesByReference.get(reference) ?? 0) + 1);
    }
    return globalThis.fetch(input, init);
  };

  const faulty: typeof fetch = async (input, init) => {
    if (random() >= share) return forward(input, init);
    const fault = faultKinds[Math.floor(random() * faultKinds.length)] as InjectedFault;
    injected[fault] += 1;
    switch (fault) {
      case 'timeout':
        await (await forward(input, init)).text();
        throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
      case '429':
        return refusal(429);
      case '500':
        return refusal(500);
      case 'reset':
        if (random() < 0.5) await (await forward(input, init)).text();
        throw reset();
    }
  };
  return { fetch: faulty, injected, pushesByReference };
}
