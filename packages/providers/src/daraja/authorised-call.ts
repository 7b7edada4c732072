/**
 * A Daraja API call with a Bearer token. When Daraja calls the token invalid (it was revoked or
 * expired early), the token is dropped, a new one fetched, and the call repeated exactly once:
 * the first attempt was refused at the gateway, so even a push is safe to repeat.
 */
import type { AccessTokens } from './access-token.js';
import { type DarajaReply, exchange } from './daraja-http.js';
import type { DarajaConfig } from './daraja-options.js';
import { type DarajaOperation, invalidTokenCodes } from './errors.js';

export interface AuthorisedCall {
  readonly operation: Exclude<DarajaOperation, 'oauth'>;
  readonly path: string;
  readonly json: unknown;
  readonly signal?: AbortSignal | undefined;
}

function refusedToken(reply: DarajaReply): boolean {
  return !reply.ok && invalidTokenCodes.has(reply.failure.errorCode ?? '');
}

export async function authorisedCall(
  config: DarajaConfig,
  tokens: AccessTokens,
  call: AuthorisedCall,
): Promise<DarajaReply> {
  const send = async (token: string) =>
    exchange(config, {
      operation: call.operation,
      method: 'POST',
      path: call.path,
      headers: { Authorization: `Bearer ${token}` },
      json: call.json,
      signal: call.signal,
    });
  const token = await tokens.get();
  const reply = await send(token);
  if (!refusedToken(reply)) return reply;
  tokens.invalidate(token);
  return send(await tokens.get());
}
