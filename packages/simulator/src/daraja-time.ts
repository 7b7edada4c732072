/**
 * Daraja writes times as `YYYYMMDDHHmmss` in Nairobi time (UTC+3, no daylight saving), so the
 * simulator formats its ids, receipts and transaction dates that way too.
 */
const NAIROBI_OFFSET_MS = 3 * 60 * 60 * 1000;

export interface NairobiParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

export function nairobiParts(epochMs: number): NairobiParts {
  const date = new Date(epochMs + NAIROBI_OFFSET_MS);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
    millisecond: date.getUTCMilliseconds(),
  };
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** `YYYYMMDDHHmmss` in Nairobi time. */
export function darajaTimestamp(epochMs: number): string {
  const p = nairobiParts(epochMs);
  return `${p.year}${pad(p.month)}${pad(p.day)}${pad(p.hour)}${pad(p.minute)}${pad(p.second)}`;
}

/** True when `text` is `YYYYMMDDHHmmss` naming a real calendar moment. */
export function isDarajaTimestamp(text: string): boolean {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second
  );
}

/** `ddMMyyyyHHmmss` + milliseconds, the date part of a CheckoutRequestID. */
export function checkoutIdTime(epochMs: number): string {
  const p = nairobiParts(epochMs);
  return `${pad(p.day)}${pad(p.month)}${p.year}${pad(p.hour)}${pad(p.minute)}${pad(p.second)}${pad(p.millisecond, 3)}`;
}
