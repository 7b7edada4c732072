/**
 * Daraja's STK Password and Timestamp. The Timestamp is wall-clock time in `YYYYMMDDHHmmss`;
 * Nairobi time is what most integrations send (Kenya is UTC+3 all year, no daylight saving).
 */
import { EAT_OFFSET_MINUTES, formatCompactTimestamp, parseCompactTimestamp } from '@lipwa/core';
import { base64Utf8 } from './base64.js';

export type DarajaTimeZone = 'Africa/Nairobi' | 'UTC';

/** `base64(shortcode + passkey + timestamp)`, plain concatenation as Daraja documents it. */
export function darajaPassword(shortcode: string, passkey: string, timestamp: string): string {
  return base64Utf8(`${shortcode}${passkey}${timestamp}`);
}

function offsetMinutes(timeZone: DarajaTimeZone): number {
  return timeZone === 'Africa/Nairobi' ? EAT_OFFSET_MINUTES : 0;
}

/** Formats an instant as Daraja's `YYYYMMDDHHmmss` in Nairobi time (default) or UTC. */
export function darajaTimestamp(
  epochMs: number,
  timeZone: DarajaTimeZone = 'Africa/Nairobi',
): string {
  return formatCompactTimestamp(epochMs, offsetMinutes(timeZone));
}

/**
 * Reads a Daraja `YYYYMMDDHHmmss` (string or number, as callbacks send it) given in `timeZone`
 * and returns the instant as an ISO 8601 UTC string, or undefined when it is not a real time.
 */
export function parseDarajaTimestamp(
  value: string | number,
  timeZone: DarajaTimeZone = 'Africa/Nairobi',
): string | undefined {
  const epochMs = parseCompactTimestamp(value, offsetMinutes(timeZone));
  return epochMs === undefined ? undefined : new Date(epochMs).toISOString();
}
