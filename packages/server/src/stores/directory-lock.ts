/**
 * One process per store directory: two writers appending to one journal would each replay a
 * different history. The lock is a directory made with `mkdir` (atomic) by proper-lockfile, and
 * its holder refreshes its mtime every half stale time. A lock not refreshed for longer than the
 * stale time belongs to a holder that is gone and is taken over.
 *
 * Time decides, never a pid: after a crash in a container the new process often has the same
 * pid as the dead one (pid 1), and a pid-file lock would call the dead holder alive forever.
 */
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ConfigError, LipwaError } from '@lipwa/core';
import lockfile from 'proper-lockfile';

/** proper-lockfile raises anything lower to this; refusing is clearer than a silent change. */
export const MIN_STALE_MS = 2_000;

// How often a waiting opener looks again whether the lock went stale.
const RETRY_INTERVAL_MS = 250;

export interface DirectoryLock {
  readonly path: string;
  /** Gives the lock back; safe to call twice or after the lock was lost. */
  release(): Promise<void>;
}

export interface DirectoryLockOptions {
  /** A lock whose mtime is older than this is stale. The holder refreshes it every `staleMs / 2`. */
  readonly staleMs: number;
  /** How long to wait for a held lock to go stale before refusing (0: refuse at once). */
  readonly waitMs: number;
  /** Hears about a stale lock about to be taken over, with how long ago it was last refreshed. */
  readonly onStale: (ageMs: number) => void;
  /**
   * The lock was lost while held (its holder stalled past `staleMs` and another process took it
   * over, or it was deleted): the holder must stop writing.
   */
  readonly onCompromised: (error: Error) => void;
}

async function ageOf(path: string): Promise<number | undefined> {
  try {
    return Date.now() - (await stat(path)).mtimeMs;
  } catch {
    return undefined;
  }
}

/** Takes the lock at `path` or throws `config_invalid` (held by a live holder) after `waitMs`. */
export async function acquireDirectoryLock(
  path: string,
  options: DirectoryLockOptions,
): Promise<DirectoryLock> {
  if (!Number.isInteger(options.staleMs) || options.staleMs < MIN_STALE_MS) {
    throw new ConfigError(
      `The store lock's stale time must be a whole number of milliseconds of at least ${MIN_STALE_MS}; got ${String(options.staleMs)}.`,
    );
  }
  const retries = Math.ceil(Math.max(options.waitMs, 0) / RETRY_INTERVAL_MS);
  // proper-lockfile removes a stale lock silently; look first so the caller can log it.
  const ageBefore = await ageOf(path);
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dirname(path), {
      lockfilePath: path,
      realpath: false,
      stale: options.staleMs,
      update: options.staleMs / 2,
      retries: {
        retries,
        factor: 1,
        minTimeout: RETRY_INTERVAL_MS,
        maxTimeout: RETRY_INTERVAL_MS,
      },
      onCompromised: options.onCompromised,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    const age = await ageOf(path);
    throw new LipwaError(
      'config_invalid',
      `Another store is already open on this directory (lock ${path} refreshed ${age === undefined ? 'just now' : `${Math.round(age)} ms ago`}). Close it first, or give each process its own directory; use the PostgreSQL store to share payments between processes. A lock left by a crash is taken over once it is ${options.staleMs} ms old.`,
      { cause: error, details: { lockPath: path, staleMs: options.staleMs } },
    );
  }
  if (ageBefore !== undefined && ageBefore > options.staleMs) options.onStale(ageBefore);
  let released = false;
  return {
    path,
    async release() {
      if (released) return;
      released = true;
      // ERELEASED: the lock was already lost (compromised); there is nothing left to give back.
      await release().catch(() => undefined);
    },
  };
}
