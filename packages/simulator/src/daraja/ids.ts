import { randomBytes, randomInt } from 'node:crypto';
import { checkoutIdTime } from './daraja-time.js';

/** `ws_CO_` + ddMMyyyyHHmmss + milliseconds + national number, e.g. `ws_CO_23052022122137653708374149`. */
export function checkoutRequestId(epochMs: number, phone: string): string {
  return `ws_CO_${checkoutIdTime(epochMs)}${phone.replace(/^254/, '')}`;
}

/** Like `29115-34620561-1`. */
export function merchantRequestId(): string {
  return `${randomInt(10_000, 100_000)}-${randomInt(10_000_000, 100_000_000)}-1`;
}

/** Daraja's error envelopes carry a request id in the same shape. */
export function requestId(): string {
  return merchantRequestId();
}

/** An opaque 28-character access token, the length Daraja issues. */
export function accessToken(): string {
  return randomBytes(21).toString('base64url');
}

/** Daraja's ConversationID for a queued org request, e.g. `AG_20191219_00005797af5d7d75f652`. */
export function conversationId(compactDate: string): string {
  return `AG_${compactDate}_${randomBytes(10).toString('hex')}`;
}

/** C2B answers' `OriginatorCoversationID` (sic), e.g. `6e86-45dd-91ac-fd5d4178ab523176729`. */
export function c2bOriginatorId(): string {
  const hex = randomBytes(16).toString('hex');
  return `${hex.slice(0, 4)}-${hex.slice(4, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 24)}${randomInt(1_000_000, 10_000_000)}`;
}
