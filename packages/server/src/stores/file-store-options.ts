/**
 * Options of `createFileStore`, parsed once into a frozen configuration.
 */
import { resolve } from 'node:path';
import { ConfigError } from '@lipwa/core';
import { createConsoleLogger, type Logger } from '../logger.js';

export interface FileStoreOptions {
  /** Where the journal and lock file live; created if missing. One process per directory. */
  readonly directory: string;
  /** Rewrite the journal as a snapshot once it holds more lines than this. Default 10 000. */
  readonly compactAfterLines?: number;
  /** Hears about skipped torn lines, stale locks and failed compactions. */
  readonly logger?: Logger;
}

export interface FileStoreConfig {
  readonly directory: string;
  readonly journalPath: string;
  readonly snapshotPath: string;
  readonly lockPath: string;
  readonly compactAfterLines: number;
  readonly logger: Logger;
}

const DEFAULT_COMPACT_AFTER_LINES = 10_000;

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
  const directory = resolve(options.directory);
  return Object.freeze({
    directory,
    journalPath: resolve(directory, 'journal.jsonl'),
    snapshotPath: resolve(directory, 'journal.jsonl.compact'),
    lockPath: resolve(directory, 'lipwa.lock'),
    compactAfterLines,
    logger: options.logger ?? createConsoleLogger(),
  });
}
