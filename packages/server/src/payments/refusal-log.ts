/**
 * Logs refused callbacks in aggregate: the first refusal of a kind in an interval is logged as
 * it comes; the rest only count, and the next refusal after the interval logs how many were
 * left out. A flood of 2 000 forged callbacks is then a handful of lines, not 2 000. No timers:
 * the count is reported when the next refusal arrives (a quiet flood needs no more lines).
 */
import type { LogFields, Logger } from '../logger.js';

export const REFUSAL_LOG_INTERVAL_MS = 60_000;

export type RefusalLog = (message: string, fields: LogFields) => void;

export function createRefusalLog(
  logger: Logger,
  clock: { now(): number },
  intervalMs = REFUSAL_LOG_INTERVAL_MS,
): RefusalLog {
  const windows = new Map<string, { start: number; suppressed: number }>();
  return (message, fields) => {
    const now = clock.now();
    const window = windows.get(message);
    if (window && now - window.start < intervalMs) {
      window.suppressed += 1;
      return;
    }
    const suppressed = window?.suppressed ?? 0;
    windows.set(message, { start: now, suppressed: 0 });
    logger.warn(
      suppressed > 0 ? { ...fields, alsoRefusedInLastInterval: suppressed } : fields,
      message,
    );
  };
}
