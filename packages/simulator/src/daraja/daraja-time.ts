/**
 * Daraja writes times as `YYYYMMDDHHmmss` in Nairobi time (UTC+3, no daylight saving), so the
 * simulator formats its ids, receipts and transaction dates that way too, with core's wall-clock
 * helpers (the same ones the adapter uses).
 */
import {
  EAT_OFFSET_MINUTES,
  formatCompactTimestamp,
  pad2,
  parseCompactTimestamp,
  type WallClockParts,
  wallClockParts,
} from '@lipwa/core';

export type NairobiParts = WallClockParts;

export function nairobiParts(epochMs: number): NairobiParts {
  return wallClockParts(epochMs, EAT_OFFSET_MINUTES);
}

/** `YYYYMMDDHHmmss` in Nairobi time. */
export function darajaTimestamp(epochMs: number): string {
  return formatCompactTimestamp(epochMs, EAT_OFFSET_MINUTES);
}

/** True when `text` is `YYYYMMDDHHmmss` naming a real calendar moment (any zone: Daraja does not say). */
export function isDarajaTimestamp(text: string): boolean {
  return parseCompactTimestamp(text, 0) !== undefined;
}

/** `ddMMyyyyHHmmss` + milliseconds, the date part of a CheckoutRequestID. */
export function checkoutIdTime(epochMs: number): string {
  const p = nairobiParts(epochMs);
  return `${pad2(p.day)}${pad2(p.month)}${p.year}${pad2(p.hour)}${pad2(p.minute)}${pad2(p.second)}${String(p.millisecond).padStart(3, '0')}`;
}
