/**
 * A scripted `fetch` for unit tests of the typed provider operations: answers are queued per
 * `METHOD /path` (query string ignored) and used in order; every request is recorded so a test
 * can assert what went over the wire, or that nothing did.
 */

export type ScriptedAnswer =
  | {
      readonly status: number;
      readonly body?: unknown;
      /** Sent as is instead of `body` (a truncated or non-JSON answer). */
      readonly text?: string;
      readonly headers?: Readonly<Record<string, string>>;
    }
  /** The connection fails before any answer. */
  | { readonly kind: 'network-error' }
  /** What fetch does when `AbortSignal.timeout` fires. */
  | { readonly kind: 'timeout' };

export interface ScriptedRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Headers;
  /** The parsed JSON body, or undefined. */
  readonly json: unknown;
}

export interface ScriptedFetch {
  readonly fetch: typeof fetch;
  readonly requests: ScriptedRequest[];
  /** Queues answers for `METHOD /path`, e.g. `GET /business/invoice/list`. */
  answer(route: string, ...answers: ScriptedAnswer[]): void;
}

export function scriptedFetch(): ScriptedFetch {
  const queues = new Map<string, ScriptedAnswer[]>();
  const requests: ScriptedRequest[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    const method = init?.method ?? 'GET';
    const text = typeof init?.body === 'string' ? init.body : undefined;
    requests.push({
      method,
      url,
      headers: new Headers(init?.headers),
      json: text === undefined ? undefined : JSON.parse(text),
    });
    const route = `${method} ${url.pathname}`;
    const next = queues.get(route)?.shift();
    if (next === undefined) throw new Error(`scriptedFetch: nothing queued for ${route}`);
    if ('kind' in next) {
      if (next.kind === 'network-error') throw new TypeError('fetch failed');
      throw new DOMException('The operation timed out.', 'TimeoutError');
    }
    const body = next.text ?? (next.body === undefined ? '' : JSON.stringify(next.body));
    return new Response(body, {
      status: next.status,
      headers: { 'content-type': 'application/json', ...next.headers },
    });
  };
  return {
    fetch: fetchImpl,
    requests,
    answer(route, ...answers) {
      queues.set(route, [...(queues.get(route) ?? []), ...answers]);
    },
  };
}
