/**
 * The router sets its own security headers on every answer (JSON, problems, callbacks, streams),
 * and `Strict-Transport-Security` only when the merchant asks for it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type ServedKit, serveKit } from '../testing/test-harness.js';
import { securityHeaderList } from './security-headers.js';

let served: ServedKit | undefined;

afterEach(async () => {
  await served?.close();
  served = undefined;
});

const expected = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'none';frame-ancestors 'none'",
};

function securityOf(response: Response): Record<string, string | null> {
  return Object.fromEntries(
    Object.keys(expected).map((name) => [name, response.headers.get(name)]),
  );
}

describe('security headers', () => {
  it('are on a session read, a problem answer and a provider callback, with no HSTS by default', async () => {
    served = await serveKit();
    const token = await served.session();
    const session = await fetch(`${served.url}/session`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const problem = await fetch(`${served.url}/session`);
    const callback = await fetch(`${served.url}/callbacks/daraja/not-a-token`, {
      method: 'POST',
      body: '{}',
    });

    for (const response of [session, problem, callback]) {
      expect(securityOf(response)).toEqual(expected);
      expect(response.headers.get('strict-transport-security')).toBeNull();
      expect(response.headers.get('x-powered-by')).toBeNull();
    }
    expect(problem.status).toBe(401);
  });

  it('add Strict-Transport-Security as configured', async () => {
    served = await serveKit({ hsts: { maxAgeSeconds: 63_072_000, includeSubDomains: true } });
    const response = await fetch(`${served.url}/session`);

    expect(response.headers.get('strict-transport-security')).toBe(
      'max-age=63072000; includeSubDomains',
    );
  });

  it("are helmet's, recorded once and replayed: every header it sets, and X-Powered-By removed", () => {
    const { set, removed } = securityHeaderList({
      maxAgeSeconds: 600,
      includeSubDomains: false,
      preload: false,
    });
    const names = set.map(([name]) => name.toLowerCase());

    expect(names).toEqual(
      expect.arrayContaining([...Object.keys(expected), 'strict-transport-security']),
    );
    expect(names).toContain('cross-origin-opener-policy');
    expect(removed).toEqual(['X-Powered-By']);
  });
});
