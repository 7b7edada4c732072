/**
 * The gateway's error answer. Unlike successes, errors are not wrapped in `{data, status,
 * message}`: `{ success: false, error, errors? }`, where `errors` lists messages per field (422).
 */
export interface GatewayErrorBody {
  success: false;
  error: string;
  errors?: Record<string, string[]>;
}

/** Thrown inside handlers; one error middleware sends it with its status and headers. */
export class GatewayHttpError extends Error {
  override readonly name = 'GatewayHttpError';
  constructor(
    readonly status: number,
    readonly error: string,
    readonly errors?: Record<string, string[]>,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(`${status} ${error}`);
  }

  body(): GatewayErrorBody {
    return {
      success: false,
      error: this.error,
      ...(this.errors === undefined ? {} : { errors: this.errors }),
    };
  }
}

export const unauthenticated = () => new GatewayHttpError(401, 'Unauthenticated.');
