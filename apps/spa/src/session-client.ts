/**
 * Asks the shop for a checkout session. The widget's own `session-url` POSTs no body, and this
 * shop needs to know the product, so the app makes the call and hands the widget the token.
 */
import { CheckoutError, type FetchLike } from '@lipwa/checkout';

export interface SessionClientOptions {
  /** Where the Lipwa router is mounted, e.g. `/lipwa`. */
  readonly apiBase: string;
  readonly fetch: FetchLike;
}

/** Takes a product id from the shop's catalogue; answers the session token. */
export type CreateSession = (product: string) => Promise<string>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function createSessionClient(options: SessionClientOptions): CreateSession {
  const url = `${options.apiBase.replace(/\/+$/, '')}/sessions`;
  return async (product) => {
    let response: Response;
    try {
      response = await options.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ product }),
      });
    } catch (cause) {
      throw new CheckoutError(
        'internal_error',
        `Could not reach the shop at ${url}: check the connection and that the shop is running.`,
        { status: 0, cause },
      );
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const detail = isRecord(body) && typeof body.detail === 'string' ? body.detail : undefined;
      throw new CheckoutError(
        response.status === 422 || response.status === 400 ? 'invalid_request' : 'internal_error',
        detail ?? `The shop answered HTTP ${response.status} when asked for a checkout session.`,
        { status: response.status },
      );
    }
    if (!isRecord(body) || typeof body.token !== 'string' || body.token === '') {
      throw new CheckoutError(
        'internal_error',
        `${url} must answer JSON { "token": "<session token>" }; check that it is the Lipwa router.`,
        { status: response.status },
      );
    }
    return body.token;
  };
}
