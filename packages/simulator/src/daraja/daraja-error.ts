import { requestId } from './ids.js';

/** Daraja's one error envelope, used by every endpoint. */
export interface DarajaErrorBody {
  requestId: string;
  errorCode: string;
  errorMessage: string;
}

/** An error answer: the HTTP status plus the envelope. Thrown inside handlers, sent by one middleware. */
export class DarajaHttpError extends Error {
  override readonly name = 'DarajaHttpError';
  constructor(
    readonly status: number,
    readonly errorCode: string,
    readonly errorMessage: string,
  ) {
    super(`${status} ${errorCode} ${errorMessage}`);
  }

  body(): DarajaErrorBody {
    return { requestId: requestId(), errorCode: this.errorCode, errorMessage: this.errorMessage };
  }
}

/** `400.002.02 Bad Request - Invalid <Field>`, Daraja's answer to any bad field. */
export function invalidField(field: string): DarajaHttpError {
  return new DarajaHttpError(400, '400.002.02', `Bad Request - Invalid ${field}`);
}
