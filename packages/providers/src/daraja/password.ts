/**
 * Daraja's STK Password and Timestamp. The Timestamp is wall-clock time in `YYYYMMDDHHmmss`;
 * Nairobi time is what most integrations send (Kenya is UTC+3 all year, no daylight saving).
 */
import { base64Utf8 } from './base64.js';

export type DarajaTimeZone = 'Africa/Nairobi' | 'UTC';

const NAIROBI_OFFSET_MS = 3 * 60 * 60 * 1000;

/** `base64(shortcode + passkey + timestamp)`, plain concatenation as Daraja documents it. */
export function darajaPassword(shortcode: string, passkey: string, timestamp: string): string {
  return base64Utf8(`${shortcode}${passkey}${timestamp}`);
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** Formats an instant as Daraja's `YYYYMMDDHHmmss` in Nairobi time (default) or UTC. */
export function darajaTimestamp(
  epochMs: number,
  timeZone: DarajaTimeZone = 'Africa/Nairobi',
): string {
  if (!Number.isFinite(epochMs)) {
    throw new RangeError(`darajaTimestamp needs a finite epoch in milliseconds, got ${epochMs}.`);
  }
  // Shifting the instant and reading UTC fields avoids Intl time-zone data, absent on some runtimes.
  const shifted = new Date(epochMs + (timeZone === 'Africa/Nairobi' ? NAIROBI_OFFSET_MS : 0));
  return (
    pad(shifted.getUTCFullYear(), 4) +
    pad(shifted.getUTCMonth() + 1) +
    pad(shifted.getUTCDate()) +
    pad(shifted.getUTCHours()) +
    pad(shifted.getUTCMinutes()) +
    pad(shifted.getUTCSeconds())
  );
}

/**
 * Reads a Daraja `YYYYMMDDHHmmss` (string or number, as callbacks send it) given in `timeZone`
 * and returns the instant as an ISO 8601 UTC string, or undefined when it is not a real time.
 */
export function parseDarajaTimestamp(
  value: string | number,
  timeZone: DarajaTimeZone = 'Africa/Nairobi',
): string | undefined {
  const text = String(value);
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(wall);
  // Date.UTC rolls 31 February into March; a real timestamp reads back unchanged.
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    check.getUTCHours() !== hour ||
    check.getUTCMinutes() !== minute ||
    check.getUTCSeconds() !== second
  ) {
    return undefined;
  }
  const offset = timeZone === 'Africa/Nairobi' ? NAIROBI_OFFSET_MS : 0;
  return new Date(wall - offset).toISOString();
}
