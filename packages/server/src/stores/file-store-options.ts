/**
 * Options of `createFileStore`, parsed once into a frozen configuration.
 */
import { resolve } from 'node:path';
import { ConfigError } from '@lipwa/core';
import { createConsoleLogger, type Logger, redactingLogger } from '../logger.js';
import { MIN_STALE_MS } from './directory-lock.js';

export interface FileStoreOptions {
  /** Where the journal and lock file live; created if missing. One process per directory. */
  readonly directory: string;
  /** Rewrite the journal as a snapshot once it holds more lines than this. Default 10 000. */
  readonly compactAfterLines?: number;
  /**
   * The directory lock is refreshed every half of this; a lock not refreshed for this long
   * belongs to a process that is gone (crashed, killed) and is taken over. Default 10 000, at
   * least 2 000.
   */
  readonly lockStaleMs?: number;
  /**
   * How long opening waits for a held lock to go stale before refusing, so a process restarted
   * right after a crash opens instead of failing. Default `lockStaleMs`; 0 refuses at once.
   */
  readonly lockWaitMs?: number;
  /** Hears about skipped torn lines, stale locks, a lost lock and failed compactions. */
  readonly logger?: Logger;
}

export interface FileStoreConfig {
  readonly directory: string;
  readonly journalPath: string;
  readonly snapshotPath: string;
  readonly lockPath: string;
  readonly compactAfterLines: number;
  readonly lockStaleMs: number;
  readonly lockWaitMs: number;
  readonly logger: Logger;
}

const DEFAULT_COMPACT_AFTER_LINES = 10_000;
const DEFAULT_LOCK_STALE_MS = 10_000;

export function parseFileStoreOptions(options: FileStoreOptions): FileStoreConfig {
  if (typeof options?.directory !== 'string' || options.directory.trim() === '') {
    throw new ConfigError(
      'createFileStore needs `directory`: a path where it may keep its journal, e.g. { directory: "./data/lipwa" }.',
    );
  }
  const compactAfterLines = options.compactAfterLines ?? DEFAULT_COMPACT_AFTER_LINES;
  if (!Number.isInteger(compactAfterLines) || compactAfterLines < 1) {
    throw new ConfigError(
      `createFileStore \`compactAfterLines\` must be a whole number of at least 1; got ${String(options.compactAfterLines)}.`,
    );
  }
  const lockStaleMs = options.lockStaleMs ?? DEFAULT_LOCK_STALE_MS;
  if (!Number.isInteger(lockStaleMs) || lockStaleMs < MIN_STALE_MS) {
    throw new ConfigError(
      `createFileStore \`lockStaleMs\` must be a whole number of milliseconds of at least ${MIN_STALE_MS}; got ${String(options.lockStaleMs)}.`,
    );
  }
  const lockWaitMs = options.lockWaitMs ?? lockStaleMs;
  if (!Number.isInteger(lockWaitMs) || lockWaitMs < 0) {
    throw new ConfigError(
      `createFileStore \`lockWaitMs\` must be a whole number of milliseconds, 0 or more; got ${String(options.lockWaitMs)}.`,
    );
  }
  const directory = resolve(options.directory);
  return Object.freeze({
    directory,
    journalPath: resolve(directory, 'journal.jsonl'),
    snapshotPath: resolve(directory, 'journal.jsonl.compact'),
    lockPath: resolve(directory, 'lipwa.lock'),
    compactAfterLines,
    lockStaleMs,
    lockWaitMs,
    logger: redactingLogger(options.logger ?? createConsoleLogger()),
  });
}
