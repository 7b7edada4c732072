/**
 * The kit logs through this small interface. The default writes one JSON line per entry;
 * callers pass masked phones only and never secrets.
 */
export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

function describeError(error: unknown): unknown {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { name: error.name, message: error.message, ...(code === undefined ? {} : { code }) };
  }
  return String(error);
}

function line(level: string, message: string, fields?: LogFields): string {
  const entry: Record<string, unknown> = { level, msg: message, lib: 'lipwa' };
  for (const [key, value] of Object.entries(fields ?? {})) {
    entry[key] = key === 'error' ? describeError(value) : value;
  }
  return JSON.stringify(entry);
}

export function createConsoleLogger(): Logger {
  return {
    info: (message, fields) => console.info(line('info', message, fields)),
    warn: (message, fields) => console.warn(line('warn', message, fields)),
    error: (message, fields) => console.error(line('error', message, fields)),
  };
}
