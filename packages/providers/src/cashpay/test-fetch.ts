/**
 * A scripted stand-in for CashPay's HTTP API, injected as `fetch`. Each route answers its queued
 * steps in order, then a default: a fresh token, a created INITIATED charge (remembered), or the
 * remembered charge (404 in CashPay's envelope when unknown). Every request is recorded.
 */
import { fakeClock } from '@lipwa/core/testing';

export type CashpayRoute = 'token' | 'charge' | 'retrieve';

export type Step =
  | {
      readonly status: number;
      readonly body?: unknown;
      readonly text?: string;
      readonly headers?: Record<string, string>;
    }
  /** The connection fails before any answer (fetch rejects with a TypeError). */
  | { readonly kind: 'network-error' }
  /** What fetch does when `AbortSignal.timeout` fires: rejects with a `TimeoutError`. */
  | { readonly kind: 'timeout' }
  /** No answer until the request's signal aborts. */
  | { readonly kind: 'hang' }
  /** Waits for the test to release it with a step: controls interleavings. */
  | { readonly kind: 'gate'; readonly until: Promise<Step> };

export interface RecordedRequest {
  readonly route: CashpayRoute;
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: string | undefined;
}

export const FAKE_BASE_URL = 'https://cashpay.test';

export interface FakeCharge {
  id: string;
  status: string;
  amount: number;
  currency: string;
  description: string | null;
  transaction_url: string;
  created: number;
}

export interface FakeCashpay {
  readonly fetch: typeof fetch;
  readonly requests: RecordedRequest[];
  /** Charges the fake created or was given, by id; tests change their status. */
  readonly charges: Map<string, FakeCharge>;
  script(route: CashpayRoute, ...steps: Step[]): void;
  requestsTo(route: CashpayRoute): RecordedRequest[];
  /** Resolves when the next request to `route` has been sent. */
  sent(route: CashpayRoute): Promise<RecordedRequest>;
}

export function json(status: number, body: unknown, headers?: Record<string, string>): Step {
  return headers === undefined ? { status, body } : { status, body, headers };
}

export function cashpayError(status: number, code: string, message = 'Refused.'): Step {
  return json(status, { error: { code, message } });
}

/** A gate step plus the function that opens it. */
export function gate(): { step: Step; open(step: Step): void } {
  let open: (step: Step) => void = () => undefined;
  const until = new Promise<Step>((resolve) => {
    open = resolve;
  });
  return { step: { kind: 'gate', until }, open: (step) => open(step) };
}

export function fakeCharge(overrides: Partial<FakeCharge> = {}): FakeCharge {
  const id = overrides.id ?? 'chg_a1b2c3d4e5';
  return {
    id,
    status: 'INITIATED',
    amount: 2000,
    currency: 'YER',
    description: 'Purchase of a watch',
    transaction_url: `https://pay.cashpay.test/session/${id}`,
    created: 1672531200,
    ...overrides,
  };
}

function routeOf(method: string, pathname: string): CashpayRoute | undefined {
  if (method === 'POST' && pathname === '/oauth/token') return 'token';
  if (method === 'POST' && pathname === '/charges') return 'charge';
  if (method === 'GET' && /^\/charges\/[^/]+$/.test(pathname)) return 'retrieve';
  return undefined;
}

export function createFakeCashpay(): FakeCashpay {
  const queues = new Map<CashpayRoute, Step[]>();
  const requests: RecordedRequest[] = [];
  const charges = new Map<string, FakeCharge>();
  const waiters: { route: CashpayRoute; resolve(request: RecordedRequest): void }[] = [];
  let tokensIssued = 0;
  let chargesCreated = 0;

  function defaultStep(route: CashpayRoute, url: URL, body: string | undefined): Step {
    if (route === 'token') {
      tokensIssued += 1;
      return json(200, {
        access_token: `token-${tokensIssued}`,
        token_type: 'Bearer',
        expires_in: 3300,
      });
    }
    if (route === 'charge') {
      chargesCreated += 1;
      const sent = JSON.parse(body ?? '{}') as { amount?: number; description?: string };
      const charge = fakeCharge({
        id: `chg_fake${String(chargesCreated).padStart(6, '0')}`,
        amount: sent.amount ?? 0,
        description: sent.description ?? null,
      });
      charges.set(charge.id, charge);
      return json(201, charge);
    }
    const id = decodeURIComponent(url.pathname.split('/').pop() ?? '');
    const charge = charges.get(id);
    return charge
      ? json(200, charge)
      : cashpayError(404, 'charge_not_found', `No charge has id "${id}".`);
  }

  async function answer(step: Step, signal: AbortSignal | null | undefined): Promise<Response> {
    if ('status' in step) {
      const text = step.text ?? (step.body === undefined ? '' : JSON.stringify(step.body));
      return new Response(text, {
        status: step.status,
        headers: { 'content-type': 'application/json', ...step.headers },
      });
    }
    if (step.kind === 'network-error') throw new TypeError('fetch failed');
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
    const method = init?.method ?? 'GET';
    const route = routeOf(method, url.pathname);
    if (!route || url.origin !== FAKE_BASE_URL) {
      return new Response(
        JSON.stringify({ error: { code: 'not_found', message: 'No such endpoint.' } }),
        {
          status: 404,
        },
      );
    }
    const body = typeof init?.body === 'string' ? init.body : undefined;
    const recorded: RecordedRequest = {
      route,
      url: url.toString(),
      method,
      headers: new Headers(init?.headers),
      body,
    };
    requests.push(recorded);
    for (const waiter of waiters.filter((w) => w.route === route)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(recorded);
    }
    const step = queues.get(route)?.shift() ?? defaultStep(route, url, body);
    return answer(step, init?.signal);
  };

  return {
    fetch: fakeFetch,
    requests,
    charges,
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
