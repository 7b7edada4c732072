/**
 * The kit logs through this small interface. The default writes one JSON line per entry;
 * callers pass masked phones only and never secrets.
 */
import { writeSync } from 'node:fs';

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

/**
 * The default logger: one JSON line per entry (pino's shape: `level`, `msg`, fields), written
 * asynchronously. Lines are queued and written in one `write` per turn of the event loop, so a
 * request never waits on a synchronous console write (a third of a callback's CPU under load);
 * lines still queued when the process exits are written synchronously then. Info goes to stdout,
 * warnings and errors to stderr, as `console` does.
 */
export function createConsoleLogger(): Logger {
  const out = createLineQueue(process.stdout, 1);
  const err = createLineQueue(process.stderr, 2);
  return {
    info: (message, fields) => out.push(line('info', message, fields)),
    warn: (message, fields) => err.push(line('warn', message, fields)),
    error: (message, fields) => err.push(line('error', message, fields)),
  };
}

interface LineQueue {
  push(line: string): void;
}

function createLineQueue(stream: NodeJS.WritableStream, fd: number): LineQueue {
  let lines: string[] = [];
  let scheduled = false;
  const drainOnExit = () => {
    if (lines.length === 0) return;
    const text = `${lines.join('\n')}\n`;
    lines = [];
    try {
      writeSync(fd, text);
    } catch {
      // Nowhere left to report a failed log write.
    }
  };
  const flush = () => {
    scheduled = false;
    process.off('exit', drainOnExit);
    if (lines.length === 0) return;
    const text = `${lines.join('\n')}\n`;
    lines = [];
    stream.write(text);
  };
  return {
    push(entry) {
      lines.push(entry);
      if (scheduled) return;
      scheduled = true;
      process.once('exit', drainOnExit);
      setImmediate(flush).unref();
    },
  };
}
