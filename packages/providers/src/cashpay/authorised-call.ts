/**
 * A CashPay API call with the Bearer token. A 401 means the token was refused at the door (revoked
 * or expired early), so nothing happened: the token is dropped, a fresh one fetched and the call
 * repeated exactly once, even a create.
 */
import type { AccessTokens } from './access-token.js';
import { type CashpayReply, exchange } from './cashpay-http.js';
import type { CashpayConfig } from './cashpay-options.js';
import type { CashpayOperation } from './errors.js';

export interface AuthorisedCall {
  readonly operation: Exclude<CashpayOperation, 'token'>;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly json?: unknown;
  readonly signal?: AbortSignal | undefined;
}

export async function authorisedCall(
  config: CashpayConfig,
  tokens: AccessTokens,
  call: AuthorisedCall,
): Promise<CashpayReply> {
  const send = (token: string) =>
    exchange(config, {
      operation: call.operation,
      method: call.method,
      path: call.path,
      headers: { Authorization: `Bearer ${token}` },
      json: call.json,
      signal: call.signal,
    });
  const token = await tokens.get();
  const reply = await send(token);
  if (reply.ok || reply.failure.httpStatus !== 401) return reply;
  tokens.invalidate(token);
  return send(await tokens.get());
}
