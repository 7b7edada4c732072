/**
 * A scripted stand-in for the payment-apps gateway, injected as `fetch`. Each route answers its
 * queued steps in order, then a default (an accepted request, a completed status). Every
 * request is recorded so tests can assert what went over the wire.
 */
import { requestAccepted, statusReply } from './test-payloads.js';

export type GatewayRoute = 'requestPayment' | 'checkPaymentRequestStatus';

export type Step =
  | {
      readonly status: number;
      readonly body?: unknown;
      readonly text?: string;
      readonly headers?: Readonly<Record<string, string>>;
    }
  /** The connection fails before any answer (fetch rejects with a TypeError). */
  | { readonly kind: 'network-error' }
  /** What fetch does when `AbortSignal.timeout` fires. */
  | { readonly kind: 'timeout' }
  /** No answer until the request's signal aborts. */
  | { readonly kind: 'hang' };

export interface RecordedRequest {
  readonly route: GatewayRoute;
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly json: unknown;
}

export const FAKE_BASE_URL = 'https://pay.example.co.ke';

export interface FakeGateway {
  readonly fetch: typeof fetch;
  readonly requests: RecordedRequest[];
  script(route: GatewayRoute, ...steps: Step[]): void;
  requestsTo(route: GatewayRoute): RecordedRequest[];
}

export function json(status: number, body: unknown, headers?: Record<string, string>): Step {
  return headers ? { status, body, headers } : { status, body };
}

function routeOf(url: URL): GatewayRoute | undefined {
  if (url.origin !== FAKE_BASE_URL) return undefined;
  if (/^\/api\/pay\/\d+\/requestPayment$/.test(url.pathname)) return 'requestPayment';
  if (/^\/api\/pay\/\d+\/checkPaymentRequestStatus\/[^/]+$/.test(url.pathname)) {
    return 'checkPaymentRequestStatus';
  }
  return undefined;
}

export function createFakeGateway(): FakeGateway {
  const queues = new Map<GatewayRoute, Step[]>();
  const requests: RecordedRequest[] = [];

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
    return new Promise<Response>((_, reject) => {
      if (!signal) return;
      if (signal.aborted) reject(signal.reason);
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  }

  const fakeFetch: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const route = routeOf(url);
    if (!route) {
      return new Response(JSON.stringify({ success: false, error: 'Not found.' }), { status: 404 });
    }
    const body = typeof init?.body === 'string' ? init.body : undefined;
    requests.push({
      route,
      url: url.toString(),
      method: init?.method ?? 'GET',
      headers: new Headers(init?.headers),
      json: body === undefined ? undefined : JSON.parse(body),
    });
    const fallback =
      route === 'requestPayment'
        ? json(200, requestAccepted())
        : json(200, statusReply('0', 'The service request is processed successfully.'));
    return answer(queues.get(route)?.shift() ?? fallback, init?.signal);
  };

  return {
    fetch: fakeFetch,
    requests,
    script(route, ...steps) {
      queues.set(route, [...(queues.get(route) ?? []), ...steps]);
    },
    requestsTo: (route) => requests.filter((request) => request.route === route),
  };
}
