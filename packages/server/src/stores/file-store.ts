/**
 * An embedded durable `PaymentStore`: an append-only journal of JSON lines, replayed into memory
 * on open. Each write is appended and flushed with `datasync()` before it resolves, so an
 * acknowledged transition survives a crash. Writes run one at a time through a promise chain,
 * which keeps `createAttempt` and compare-and-set `update` atomic within the process; a lock
 * (refreshed while open, stale by time) keeps other processes out. No server and no native module
 * needed. The journal holds phone numbers: it is created 0600 in a directory created 0700.
 */
import { type FileHandle, mkdir, stat, truncate, unlink } from 'node:fs/promises';
import { LipwaError } from '@lipwa/core';
import type { WebhookOutbox } from '../webhooks/webhook-delivery.js';
import { applyPatch } from './apply-patch.js';
import { acquireDirectoryLock } from './directory-lock.js';
import {
  type FileStoreConfig,
  type FileStoreOptions,
  parseFileStoreOptions,
} from './file-store-options.js';
import { writeCompactedJournal } from './journal-compactor.js';
import { encodeEntry, type JournalEntry } from './journal-entry.js';
import { openJournal } from './journal-file.js';
import { readJournal } from './journal-reader.js';
import { PaymentIndex } from './payment-index.js';
import type { PaymentPatch, PaymentRecord } from './payment-record.js';
import type { CreateAttemptResult, PaymentStore } from './payment-store.js';

export type { FileStoreOptions } from './file-store-options.js';

export interface FileStore extends PaymentStore, WebhookOutbox {
  /** The absolute directory holding `journal.jsonl` and the `lipwa.lock` lock directory. */
  readonly directory: string;
  /** Rewrites the journal as a snapshot now (it also happens on its own past `compactAfterLines`). */
  compact(): Promise<void>;
  /** Waits for pending writes, closes the journal and releases the lock. Idempotent. */
  close(): Promise<void>;
}

/**
 * Opens (or creates) the store in `options.directory`: takes the lock, replays the journal and
 * resolves once the store is ready. Throws `config_invalid` when another process holds the
 * directory and `internal_error` when the journal is damaged beyond a torn last line.
 */
export async function createFileStore(options: FileStoreOptions): Promise<FileStore> {
  const config = parseFileStoreOptions(options);
  await prepareDirectory(config);
  const lockState: LockState = {};
  const lock = await acquireDirectoryLock(config.lockPath, {
    staleMs: config.lockStaleMs,
    waitMs: config.lockWaitMs,
    onStale: (ageMs) =>
      config.logger.warn('Taking over a file store lock left by a process that is gone', {
        lockPath: config.lockPath,
        lastRefreshedMsAgo: Math.round(ageMs),
      }),
    onCompromised: (cause) => {
      lockState.lost = new LipwaError(
        'internal_error',
        `The file store lost its lock on ${config.directory} (this process stalled for over ${config.lockStaleMs} ms, or the lock was removed), so another process may now write there. It refuses every call: restart it, and give each process its own directory.`,
        { cause },
      );
      config.logger.error('File store lock lost; refusing further writes', {
        lockPath: config.lockPath,
        error: cause,
      });
    },
  });
  try {
    const index = new PaymentIndex();
    const lines = await replay(config, index);
    const journal = await openJournal(config.journalPath);
    return openedStore(config, index, journal, lines, lockState, lock.release);
  } catch (error) {
    await lock.release();
    throw error;
  }
}

/** Set when the lock was lost while the store was open. */
interface LockState {
  lost?: LipwaError;
}

/** Creates the directory 0700; warns (never chmods) when an existing one is open to others. */
async function prepareDirectory(config: FileStoreConfig): Promise<void> {
  await mkdir(config.directory, { recursive: true, mode: 0o700 });
  const mode = (await stat(config.directory)).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    config.logger.warn(
      'The file store directory can be read by other users, and its journal holds phone numbers: chmod 700 it',
      { directory: config.directory, mode: `0${mode.toString(8)}` },
    );
  }
}

async function replay(config: FileStoreConfig, index: PaymentIndex): Promise<number> {
  // A snapshot left beside the journal is a compaction that never reached its rename.
  await unlink(config.snapshotPath).catch(() => undefined);
  const contents = await readJournal(config.journalPath);
  if (contents.tornBytes > 0) {
    config.logger.warn('Skipped a torn last journal line (a write interrupted by a crash)', {
      journal: config.journalPath,
      bytes: contents.tornBytes,
    });
    // Cut it off, or the next append would glue a new line onto the fragment.
    await truncate(config.journalPath, contents.validBytes);
  }
  for (const entry of contents.entries) index.apply(entry);
  return contents.entries.length;
}

function openedStore(
  config: FileStoreConfig,
  index: PaymentIndex,
  initialJournal: FileHandle,
  initialLines: number,
  lockState: LockState,
  releaseLock: () => Promise<void>,
): FileStore {
  let journal = initialJournal;
  let lines = initialLines;
  let chain: Promise<unknown> = Promise.resolve();
  let compactionQueued = false;
  let closed = false;
  // Set when a write failed midway: the journal tail is unknown until the store is reopened.
  let broken: LipwaError | undefined;

  function serial<T>(task: () => Promise<T>): Promise<T> {
    const run = chain.then(task);
    chain = run.catch(() => undefined);
    return run;
  }

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

  async function write(entry: JournalEntry): Promise<void> {
    assertOpen();
    const line = encodeEntry(entry);
    try {
      await journal.appendFile(line, 'utf8');
      await journal.datasync();
    } catch (cause) {
      broken = new LipwaError(
        'internal_error',
        `The file store could not write to ${config.journalPath} (disk full or removed?). Fix the disk and restart; reopening replays every acknowledged write.`,
        { cause },
      );
      throw broken;
    }
    // Apply what the journal holds, so memory equals what a replay would rebuild.
    index.apply(JSON.parse(line) as JournalEntry);
    lines += 1;
    if (lines > config.compactAfterLines && !compactionQueued) {
      compactionQueued = true;
      void serial(compactNow).catch((error: unknown) =>
        config.logger.warn(
          'File store compaction failed; the journal is intact and keeps growing',
          {
            journal: config.journalPath,
            error,
          },
        ),
      );
    }
  }

  async function compactNow(): Promise<void> {
    compactionQueued = false;
    assertOpen();
    const written = await writeCompactedJournal(
      index.snapshot(),
      config.snapshotPath,
      config.journalPath,
      config.directory,
    );
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
    lines = written;
  }

  function read<T>(value: () => T): Promise<T> {
    assertOpen();
    return Promise.resolve(value());
  }

  return {
    directory: config.directory,

    async createAttempt(record): Promise<CreateAttemptResult> {
      return serial(async () => {
        assertOpen();
        if (index.has(record.id)) {
          throw new LipwaError('internal_error', `A payment with id ${record.id} already exists.`);
        }
        const blocking = index.blockingAttempt(record.reference);
        if (blocking) return { created: false, record: blocking };
        await write({ op: 'create', record });
        return { created: true, record: stored(index, record.id) };
      });
    },

    async get(id) {
      return read(() => index.get(id));
    },

    async findByCallbackToken(tokenHash) {
      return read(() => index.byCallbackToken(tokenHash));
    },

    async findByProviderRef(provider, providerRef) {
      return read(() => index.byProviderRef(provider, providerRef));
    },

    async latestForReference(reference) {
      return read(() => index.latestForReference(reference));
    },

    async attemptsForReference(reference) {
      return read(() => index.attemptsForReference(reference));
    },

    async update(id, expectedVersion, patch: PaymentPatch, outbox = []) {
      return serial(async () => {
        assertOpen();
        const current = index.get(id);
        if (!current || current.version !== expectedVersion) return undefined;
        const record = applyPatch(current, patch);
        await write(
          outbox.length > 0 ? { op: 'update', record, outbox } : { op: 'update', record },
        );
        return stored(index, id);
      });
    },

    async leaseDeliveries(query) {
      return serial(async () => {
        assertOpen();
        const leased = index.deliveries.planLease(query);
        for (const delivery of leased) await write({ op: 'delivery', delivery });
        return leased;
      });
    },

    async updateDelivery(id, patch, owner) {
      return serial(async () => {
        assertOpen();
        const next = index.deliveries.planUpdate(id, patch, owner);
        if (next) await write({ op: 'delivery', delivery: next });
        return next;
      });
    },

    async getDelivery(id) {
      return read(() => index.deliveries.get(id));
    },

    async listDeliveries(query) {
      return read(() => index.deliveries.list(query));
    },

    async list(query) {
      return read(() => index.list(query));
    },

    async listPending(limit) {
      return read(() => index.pending(limit));
    },

    async appendEvent(paymentId, event) {
      await serial(() => write({ op: 'event', paymentId, event }));
    },

    async events(paymentId) {
      return read(() => index.events(paymentId));
    },

    async recordUnmatched(entry) {
      await serial(() => write({ op: 'unmatched', entry }));
    },

    async unmatched() {
      return read(() => index.unmatched());
    },

    async unmatchedFor(provider, providerRef) {
      return read(() => index.unmatchedFor(provider, providerRef));
    },

    compact() {
      return serial(compactNow);
    },

    close() {
      return serial(async () => {
        if (closed) return;
        closed = true;
        await journal.close().catch(() => undefined);
        await releaseLock();
      });
    },
  };
}

function stored(index: PaymentIndex, id: string): PaymentRecord {
  const record = index.get(id);
  if (!record) throw new LipwaError('internal_error', `Payment ${id} vanished after its write.`);
  return record;
}
