/**
 * Deprecated names keep working for one minor version and say so once per kit, through the kit's
 * logger (with a stable `deprecation` code a log search can find).
 */
import type { Logger } from './logger.js';

export interface Deprecations {
  /** Logs `message` the first time `code` is used on this kit; later uses stay quiet. */
  warnOnce(code: string, message: string): void;
}

export function createDeprecations(logger: Logger): Deprecations {
  const warned = new Set<string>();
  return {
    warnOnce(code, message) {
      if (warned.has(code)) return;
      warned.add(code);
      logger.warn({ deprecation: code }, message);
    },
  };
}
