/**
 * The one recording logger of the repository's tests. It has the shape every Lipwa logger has
 * (pino's: `info`, `warn`, `error` taking fields then a message, or a message alone), keeps each
 * entry as `{ level, message, fields }`, and can wait for a
 * line logged by work that runs over real I/O (a bus reconnecting).
 */
export type LogLevel = 'info' | 'warn' | 'error';

export interface LogEntry {
  readonly level: LogLevel;
  readonly message: string;
  readonly fields?: Readonly<Record<string, unknown>> | undefined;
}

type Fields = Readonly<Record<string, unknown>>;

/** pino's argument order: `(fields, message)`, or a message alone. */
export interface RecordingLogFn {
  (message: string): void;
  (fields: Fields, message: string): void;
}

export interface RecordingLogger {
  /** Every entry, in the order logged. */
  readonly entries: LogEntry[];
  info: RecordingLogFn;
  warn: RecordingLogFn;
  error: RecordingLogFn;
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
    (level: LogLevel): RecordingLogFn =>
    (first: string | Fields, second?: string) => {
      const message = typeof first === 'string' ? first : (second ?? '');
      const fields = typeof first === 'string' ? undefined : first;
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
