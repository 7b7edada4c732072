/**
 * The file store's write path: group commit and compaction. A write is applied to the index at
 * once and its line queued; one flush loop appends every queued line in one call and makes them
 * durable with one `datasync()`, then resolves all their writers. So a burst of N writes costs
 * one flush, not N, and acknowledged still means on disk.
 *
 * Compaction runs inside the same loop (never beside an append) and only once the journal has
 * grown past `compactAfterLines` AND past twice what the last compaction left, so a state larger
 * than the limit cannot make every write rewrite the whole journal (the cost stays amortized).
 */
import type { FileHandle } from 'node:fs/promises';
import { LipwaError } from '@lipwa/core';
import type { FileStoreConfig } from './file-store-options.js';
import { writeCompactedJournal } from './journal-compactor.js';
import { encodeEntry, type JournalEntry } from './journal-entry.js';
import { openJournal } from './journal-file.js';
import type { PaymentIndex } from './payment-index.js';

/** Set when the lock was lost while the store was open. */
export interface LockState {
  lost?: LipwaError;
}

export interface JournalWriter {
  /** Throws when closed, broken by a failed write, or after the lock was lost. */
  assertOpen(): void;
  /** Applies `entry` now; resolves once its line is on disk. */
  write(entry: JournalEntry): Promise<void>;
  /** Resolves `value` once everything applied so far is on disk (what a read may have seen). */
  durable<T>(value: T): Promise<T>;
  /** Rewrites the journal as a snapshot at the next turn of the flush loop. */
  compact(): Promise<void>;
  /** Refuses new writes, flushes the queued ones and closes the file. Idempotent. */
  close(): Promise<void>;
}

interface Waiter {
  readonly seq: number;
  resolve(): void;
  reject(error: unknown): void;
}

// A factory closure over the flush loop's state; long only because the loop's steps share it.
export function createJournalWriter(
  config: FileStoreConfig,
  index: PaymentIndex,
  initialJournal: FileHandle,
  initialLines: number,
  lockState: LockState,
): JournalWriter {
  let journal = initialJournal;
  // Lines in the file, and what the last compaction left (0: none yet in this process).
  let lines = initialLines;
  let compactedLines = 0;
  let queued: string[] = [];
  let appliedSeq = 0;
  let durableSeq = 0;
  let waiters: Waiter[] = [];
  let compactWaiters: Waiter[] = [];
  let flushing: Promise<void> | undefined;
  let closed = false;
  // Set when a write failed midway: the journal tail is unknown until the store is reopened.
  let broken: LipwaError | undefined;

  function assertOpen(): void {
    if (closed) {
      throw new LipwaError(
        'internal_error',
        `The file store at ${config.directory} is closed; create a new one to keep using it.`,
      );
    }
    if (broken) throw broken;
    if (lockState.lost) throw lockState.lost;
  }

  function waitFor(seq: number): Promise<void> {
    if (durableSeq >= seq) return Promise.resolve();
    if (broken) return Promise.reject(broken);
    return new Promise<void>((resolve, reject) => {
      waiters.push({ seq, resolve, reject });
      startFlushing();
    });
  }

  function release(): void {
    const still: Waiter[] = [];
    for (const waiter of waiters) {
      if (waiter.seq <= durableSeq) waiter.resolve();
      else still.push(waiter);
    }
    waiters = still;
  }

  function fail(cause: unknown): void {
    broken ??= new LipwaError(
      'internal_error',
      `The file store could not write to ${config.journalPath} (disk full or removed?). Fix the disk and restart; reopening replays every acknowledged write.`,
      { cause },
    );
    queued = [];
    for (const waiter of [...waiters, ...compactWaiters]) waiter.reject(broken);
    waiters = [];
    compactWaiters = [];
  }

  function startFlushing(): void {
    if (flushing || broken) return;
    flushing = flushLoop()
      .catch(fail)
      .finally(() => {
        flushing = undefined;
        // Work queued after the loop's last check but before this ran.
        if (queued.length > 0 || compactWaiters.length > 0) startFlushing();
      });
  }

  async function flushLoop(): Promise<void> {
    while (queued.length > 0 || compactWaiters.length > 0) {
      if (compactWaiters.length > 0) {
        await compactNow();
        continue;
      }
      const batch = queued;
      const upTo = appliedSeq;
      queued = [];
      await journal.appendFile(batch.join(''), 'utf8');
      await journal.datasync();
      lines += batch.length;
      durableSeq = upTo;
      release();
      if (lines > Math.max(config.compactAfterLines, 2 * compactedLines)) {
        compactWaiters.push({ seq: 0, resolve: () => undefined, reject: () => undefined });
      }
    }
  }

  async function compactNow(): Promise<void> {
    const requested = compactWaiters;
    compactWaiters = [];
    // Taken in one synchronous step: the snapshot covers every applied entry, queued or not.
    const snapshot = [...index.snapshot()];
    const covered = queued;
    const upTo = appliedSeq;
    queued = [];
    try {
      await writeCompactedJournal(
        snapshot,
        config.snapshotPath,
        config.journalPath,
        config.directory,
      );
    } catch (error) {
      // The old journal is intact: append what the snapshot would have covered instead.
      queued = [...covered, ...queued];
      compactedLines = lines;
      config.logger.warn(
        {
          journal: config.journalPath,
          error,
        },
        'File store compaction failed; the journal is intact and keeps growing',
      );
      for (const waiter of requested) waiter.reject(error);
      return;
    }
    // The old handle points at the replaced file; appends must go to the new one.
    await journal.close().catch(() => undefined);
    try {
      journal = await openJournal(config.journalPath);
    } catch (cause) {
      broken = new LipwaError(
        'internal_error',
        `The file store could not reopen ${config.journalPath} after compaction. Restart to replay it.`,
        { cause },
      );
      throw broken;
    }
    lines = snapshot.length;
    compactedLines = snapshot.length;
    durableSeq = Math.max(durableSeq, upTo);
    release();
    for (const waiter of requested) waiter.resolve();
  }

  return {
    assertOpen,

    write(entry) {
      const line = encodeEntry(entry);
      // Apply what the journal will hold, so memory equals what a replay would rebuild.
      index.apply(JSON.parse(line) as JournalEntry);
      appliedSeq += 1;
      queued.push(line);
      return waitFor(appliedSeq);
    },

    async durable(value) {
      await waitFor(appliedSeq);
      return value;
    },

    compact() {
      return new Promise<void>((resolve, reject) => {
        compactWaiters.push({ seq: 0, resolve, reject });
        startFlushing();
      });
    },

    async close() {
      if (closed) return;
      closed = true;
      while (flushing) await flushing.catch(() => undefined);
      await journal.close().catch(() => undefined);
    },
  };
}
