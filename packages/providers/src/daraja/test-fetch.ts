/**
 * A scripted stand-in for Daraja's HTTP API, injected as `fetch`. Each route answers its queued
 * steps in order, then a default (a fresh token, an accepted push, a completed query). Every
 * request is recorded so tests can assert what went over the wire.
 */
import { fakeClock } from '@lipwa/core/testing';
import {
  asyncAccepted,
  c2bAccepted,
  oauthReply,
  stkPushAccepted,
  stkQueryReply,
} from './test-payloads.js';

export type DarajaRoute =
  | 'oauth'
  | 'stkpush'
  | 'query'
  | 'c2b-register'
  | 'c2b-simulate'
  | 'b2c'
  | 'transaction-status'
  | 'reversal'
  | 'balance';

export type Step =
  | { readonly status: number; readonly body?: unknown; readonly text?: string }
  /** The connection fails before any answer (fetch rejects with a TypeError). */
  /** fetch's `TypeError('fetch failed')`; with `code`, the socket error it carries as `cause`. */
  | { readonly kind: 'network-error'; readonly code?: string }
  /** What fetch does when `AbortSignal.timeout` fires: rejects with a `TimeoutError`. */
  | { readonly kind: 'timeout' }
  /** No answer until the request's signal aborts. */
  | { readonly kind: 'hang' }
  /** Waits for the test to release it with a step: controls interleavings. */
  | { readonly kind: 'gate'; readonly until: Promise<Step> };

export interface RecordedRequest {
  readonly route: DarajaRoute;
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  /** The parsed JSON body, if any. */
  readonly json: unknown;
}

const routes: Record<string, DarajaRoute> = {
  '/oauth/v1/generate': 'oauth',
  '/mpesa/stkpush/v1/processrequest': 'stkpush',
  '/mpesa/stkpushquery/v1/query': 'query',
  '/mpesa/c2b/v1/registerurl': 'c2b-register',
  '/mpesa/c2b/v2/registerurl': 'c2b-register',
  '/mpesa/c2b/v2/simulate': 'c2b-simulate',
  '/mpesa/b2c/v3/paymentrequest': 'b2c',
  '/mpesa/transactionstatus/v1/query': 'transaction-status',
  '/mpesa/reversal/v1/request': 'reversal',
  '/mpesa/accountbalance/v1/query': 'balance',
};

export const FAKE_BASE_URL = 'https://daraja.test';

export interface FakeDaraja {
  readonly fetch: typeof fetch;
  readonly requests: RecordedRequest[];
  /** Queues answers for a route, used first in, first out. */
  script(route: DarajaRoute, ...steps: Step[]): void;
  requestsTo(route: DarajaRoute): RecordedRequest[];
  /** Resolves when the next request to `route` has been sent. */
  sent(route: DarajaRoute): Promise<RecordedRequest>;
}

/** A gate step plus the function that opens it. */
export function gate(): { step: Step; open(step: Step): void } {
  let open: (step: Step) => void = () => undefined;
  const until = new Promise<Step>((resolve) => {
    open = resolve;
  });
  return { step: { kind: 'gate', until }, open: (step) => open(step) };
}

export function json(status: number, body: unknown): Step {
  return { status, body };
}

export function createFakeDaraja(): FakeDaraja {
  const queues = new Map<DarajaRoute, Step[]>();
  const requests: RecordedRequest[] = [];
  const waiters: { route: DarajaRoute; resolve(request: RecordedRequest): void }[] = [];
  let tokensIssued = 0;

  function defaultStep(route: DarajaRoute): Step {
    if (route === 'oauth') {
      tokensIssued += 1;
      return json(200, oauthReply(`token-${tokensIssued}`));
    }
    if (route === 'stkpush') return json(200, stkPushAccepted);
    if (route === 'query') {
      return json(200, stkQueryReply('0', 'The service request is processed successfully.'));
    }
    if (route === 'c2b-register') return json(200, c2bAccepted('Success'));
    if (route === 'c2b-simulate') {
      return json(200, c2bAccepted('Accept the service request successfully.'));
    }
    return json(200, asyncAccepted());
  }

  async function answer(step: Step, signal: AbortSignal | null | undefined): Promise<Response> {
    if ('status' in step) {
      const text = step.text ?? (step.body === undefined ? '' : JSON.stringify(step.body));
      return new Response(text, {
        status: step.status,
        headers: { 'content-type': 'application/json' },
      });
    }
    if (step.kind === 'network-error') {
      const { code } = step;
      const cause = code ? Object.assign(new Error(`read ${code}`), { code }) : undefined;
      throw new TypeError('fetch failed', cause ? { cause } : undefined);
    }
    if (step.kind === 'timeout') {
      throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    }
    if (step.kind === 'gate') return answer(await step.until, signal);
    return new Promise<Response>((_, reject) => {
      if (!signal) return;
      if (signal.aborted) reject(signal.reason);
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  }

  const fakeFetch: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const route = routes[url.pathname];
    if (!route || url.origin !== FAKE_BASE_URL) {
      return new Response(
        JSON.stringify({ errorCode: '404.001.01', errorMessage: 'Resource not found' }),
        {
          status: 404,
        },
      );
    }
    const body = typeof init?.body === 'string' ? init.body : undefined;
    const recorded: RecordedRequest = {
      route,
      url: url.toString(),
      method: init?.method ?? 'GET',
      headers: new Headers(init?.headers),
      json: body === undefined ? undefined : JSON.parse(body),
    };
    requests.push(recorded);
    for (const waiter of waiters.filter((w) => w.route === route)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(recorded);
    }
    const step = queues.get(route)?.shift() ?? defaultStep(route);
    return answer(step, init?.signal);
  };

  return {
    fetch: fakeFetch,
    requests,
    script(route, ...steps) {
      queues.set(route, [...(queues.get(route) ?? []), ...steps]);
    },
    requestsTo(route) {
      return requests.filter((request) => request.route === route);
    },
    sent(route) {
      return new Promise((resolve) => waiters.push({ route, resolve }));
    },
  };
}

/** A clock the test moves by hand: the repository's one fake clock. */
export const manualClock = fakeClock;
