/**
 * The gateway's one error envelope, `{ "result": { "code", "message" } }`, and the codes the
 * simulator answers with. 10201 is documented; 4 (a request the gateway cannot take) is our
 * assumption inside the 1..4 range the specification allows for error answers.
 */

export interface GatewayErrorBody {
  result: { code: number; message: string };
}

export const MERCHANT_AUTHENTICATION_ERROR = 10201;
export const INVALID_REQUEST = 4;

/** An error answer: HTTP status plus envelope. Thrown in handlers, sent by one middleware. */
export class GatewayHttpError extends Error {
  override readonly name = 'GatewayHttpError';
  constructor(
    readonly status: number,
    readonly code: number,
    readonly resultMessage: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(`${status} ${code} ${resultMessage}`);
  }

  body(): GatewayErrorBody {
    return { result: { code: this.code, message: this.resultMessage } };
  }
}

/** A signature that does not match, an unknown merchant or a public id that is not theirs. */
export function authenticationError(): GatewayHttpError {
  return new GatewayHttpError(401, MERCHANT_AUTHENTICATION_ERROR, 'MERCHANT AUTHENTICATION ERROR');
}

/** A field the gateway cannot take; the message names it (never its value). */
export function invalidRequest(why: string, status = 400): GatewayHttpError {
  return new GatewayHttpError(status, INVALID_REQUEST, `INVALID REQUEST: ${why}`);
}
