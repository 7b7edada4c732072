/**
 * `YYYYMMDDHHmmss` wall-clock timestamps at a fixed UTC offset, the way Daraja and other East
 * African providers write times. Shifting the instant and reading UTC fields avoids Intl
 * time-zone data, which some runtimes lack. Kenya is UTC+3 all year, with no daylight saving.
 */

/** East Africa Time (Nairobi): UTC+3. */
export const EAT_OFFSET_MINUTES = 180;

export interface WallClockParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
}

/** The calendar fields of an instant as seen at `offsetMinutes` from UTC. */
export function wallClockParts(epochMs: number, offsetMinutes: number): WallClockParts {
  if (!Number.isFinite(epochMs)) {
    throw new RangeError(`A timestamp needs a finite epoch in milliseconds, got ${epochMs}.`);
  }
  const shifted = new Date(epochMs + offsetMinutes * 60_000);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
    millisecond: shifted.getUTCMilliseconds(),
  };
}

export function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

/** `YYYYMMDDHHmmss` for an instant at `offsetMinutes` from UTC. */
export function formatCompactTimestamp(epochMs: number, offsetMinutes: number): string {
  const p = wallClockParts(epochMs, offsetMinutes);
  return `${String(p.year).padStart(4, '0')}${pad2(p.month)}${pad2(p.day)}${pad2(p.hour)}${pad2(p.minute)}${pad2(p.second)}`;
}

/**
 * Reads `YYYYMMDDHHmmss` (a string or, as callbacks often send it, a number) written at
 * `offsetMinutes` from UTC. Returns the instant in epoch milliseconds, or undefined when the text
 * is not a real calendar moment (31 February, hour 24).
 */
export function parseCompactTimestamp(
  value: string | number,
  offsetMinutes: number,
): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(String(value));
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
  const real =
    check.getUTCFullYear() === year &&
    check.getUTCMonth() === month - 1 &&
    check.getUTCDate() === day &&
    check.getUTCHours() === hour &&
    check.getUTCMinutes() === minute &&
    check.getUTCSeconds() === second;
  return real ? wall - offsetMinutes * 60_000 : undefined;
}
