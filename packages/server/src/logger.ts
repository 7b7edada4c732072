/**
 * The kit logs through pino's interface: `logger.warn({ paymentId }, 'message')`. A merchant
 * passes their own pino logger (or anything with the same methods); the default is pino itself.
 * Phone numbers and secrets are redacted in one place, by the logger's redaction, whatever a
 * call site passes: a pino logger gets a child with pino's own `redact` option; any other logger
 * is wrapped with `@pinojs/redact`, the library pino uses for it.
 */

import { maskMsisdn } from '@lipwa/core';
import slowRedact from '@pinojs/redact';
import { pino } from 'pino';

export type LogFields = Readonly<Record<string, unknown>>;

/** One level's method, in pino's argument order. */
export interface LogFn {
  (message: string): void;
  (fields: LogFields, message: string): void;
}

export interface Logger {
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

/** The keys whose values never reach a log line as they are, at the top level or one below. */
const PHONE_KEYS = ['phone', 'msisdn'];
const SECRET_KEYS = ['token', 'callbackToken', 'authorization', 'secret', 'password'];
const REDACT_PATHS = [...PHONE_KEYS, ...SECRET_KEYS].flatMap((key) => [key, `*.${key}`]);

/** Phones keep the first four and last three digits (`2547•••••149`); secrets are dropped. */
export function censor(value: unknown, path: readonly string[]): unknown {
  const key = path[path.length - 1] ?? '';
  if (!PHONE_KEYS.includes(key)) return '[redacted]';
  if (typeof value !== 'string' && typeof value !== 'number') return '[redacted]';
  const text = String(value);
  // Already masked upstream (a stored audit entry, a provider's own masking): leave it.
  return text.includes('•') || text.includes('*') ? text : maskMsisdn(text);
}

const redactOptions = { paths: REDACT_PATHS, censor };

interface PinoLike extends Logger {
  child(bindings: LogFields, options: { redact: typeof redactOptions }): Logger;
}

function isPinoLike(logger: Logger): logger is PinoLike {
  return typeof (logger as Partial<PinoLike>).child === 'function';
}

/**
 * The logger the kit writes to: the given one with redaction applied. Call once per logger
 * (at start-up); the result is what every part of the kit holds.
 */
export function redactingLogger(logger: Logger): Logger {
  if (isPinoLike(logger)) return logger.child({}, { redact: redactOptions });
  const redact = slowRedact({
    paths: REDACT_PATHS,
    // Its types declare a one-argument censor; it passes the path too (as pino's redact does).
    censor: censor as (value: unknown) => unknown,
    serialize: false,
  }) as (fields: LogFields) => LogFields & { restore?: unknown };
  const level =
    (write: LogFn): LogFn =>
    (first: string | LogFields, message?: string) => {
      if (typeof first === 'string') write(first);
      else {
        // The library hangs a `restore` function on the copy it returns; it is not a field.
        const { restore: _restore, ...fields } = redact(first);
        write(fields, message ?? '');
      }
    };
  return {
    info: level(logger.info.bind(logger)),
    warn: level(logger.warn.bind(logger)),
    error: level(logger.error.bind(logger)),
  };
}

/**
 * The default logger: pino, one JSON line per entry (`level`, `time`, `msg`, `lib: "lipwa"`,
 * fields), written asynchronously so a request never waits on stdout (a synchronous console
 * write was a third of a callback's CPU under load); pino flushes what is queued at exit.
 * `error` fields are serialized as errors (name, message, stack, code). Redaction is added by
 * `redactingLogger`, as for a merchant's own logger.
 */
export function createConsoleLogger(): Logger {
  return pino(
    {
      base: { lib: 'lipwa' },
      serializers: { error: pino.stdSerializers.err },
      formatters: { level: (label) => ({ level: label }) },
    },
    pino.destination({ sync: false }),
  );
}
