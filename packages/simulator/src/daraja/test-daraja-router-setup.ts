/**
 * Test setup for the Daraja router tests: a Daraja fixture (short-lived tokens, prompts settling
 * after a second) started afresh before each test, and the requests and error shapes the tests
 * share.
 */
import { afterEach, beforeEach, expect } from 'vitest';
import { type DarajaFixture, startDarajaFixture } from '../test-daraja-client.js';

export let fx: DarajaFixture;

/** Starts a Daraja fixture before each test of the calling file; closes it after. */
export function startFixtureForEachTest(): void {
  beforeEach(async () => {
    fx = await startDarajaFixture({ tokenLifetimeSeconds: 60, autoResolveDelayMs: 1000 });
  });
  afterEach(async () => {
    await fx.close();
  });
}

export async function errorOf(
  response: Response,
): Promise<{ errorCode: string; errorMessage: string }> {
  return (await response.json()) as { errorCode: string; errorMessage: string };
}

export function basic(key: string, secret: string): string {
  return `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;
}

export function oauth(authorization?: string, grantType = 'client_credentials'): Promise<Response> {
  return fetch(`${fx.simulator.daraja.baseUrl}/oauth/v1/generate?grant_type=${grantType}`, {
    headers: authorization === undefined ? {} : { authorization },
  });
}

export const envelope = (errorCode: string, errorMessage: string) => ({
  requestId: expect.stringMatching(/^\d{5}-\d{8}-1$/),
  errorCode,
  errorMessage,
});
