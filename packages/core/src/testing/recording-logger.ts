/**
 * The one recording logger of the repository's tests. It has the shape every Lipwa logger has
 * (`info`, `warn`, `error` with a message and safe fields), keeps each entry, and can wait for a
 * line logged by work that runs over real I/O (a bus reconnecting).
 */
export type LogLevel = 'info' | 'warn' | 'error';

export interface LogEntry {
  readonly level: LogLevel;
  readonly message: string;
  readonly fields?: Readonly<Record<string, unknown>> | undefined;
}

export interface RecordingLogger {
  /** Every entry, in the order logged. */
  readonly entries: LogEntry[];
  info(message: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
  error(message: string, fields?: Readonly<Record<string, unknown>>): void;
  /** The entries logged at `level`. */
  at(level: LogLevel): LogEntry[];
  /**
   * Resolves when an entry with exactly this message is (or was) logged; rejects after `timeoutMs`
   * of real time. Only for tests over real I/O; unit tests read `entries`.
   */
  next(message: string, timeoutMs?: number): Promise<void>;
}

export function recordingLogger(): RecordingLogger {
  const entries: LogEntry[] = [];
  const waiters = new Set<{ message: string; resolve: () => void }>();

  const log =
    (level: LogLevel) => (message: string, fields?: Readonly<Record<string, unknown>>) => {
      entries.push({ level, message, fields });
      for (const waiter of [...waiters]) if (waiter.message === message) waiter.resolve();
    };

  return {
    entries,
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    at: (level) => entries.filter((entry) => entry.level === level),
    next(message, timeoutMs = 5_000) {
      if (entries.some((entry) => entry.message === message)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const waiter = {
          message,
          resolve: () => {
            clearTimeout(timer);
            waiters.delete(waiter);
            resolve();
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`No log line "${message}" within ${timeoutMs} ms.`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
  };
}
