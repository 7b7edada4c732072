/**
 * An embedded durable `PaymentStore`: an append-only journal of JSON lines, replayed into memory
 * on open. A write is applied in memory at once (so `createAttempt` and compare-and-set `update`
 * stay atomic within the process) and resolves once its line is appended and flushed with
 * `datasync()` (group commit: every write waiting in one batch shares one flush), so an
 * acknowledged transition survives a crash; reads wait for what they saw to be durable. A lock
 * (refreshed while open, stale by time) keeps other processes out. No server and no native module
 * needed. The journal holds phone numbers: it is created 0600 in a directory created 0700.
 */
import { type FileHandle, mkdir, stat, truncate, unlink } from 'node:fs/promises';
import { LipwaError } from '@lipwa/core';
import type { WebhookDelivery, WebhookOutbox } from '../webhooks/webhook-delivery.js';
import { applyPatch } from './apply-patch.js';
import { acquireDirectoryLock } from './directory-lock.js';
import {
  type FileStoreConfig,
  type FileStoreOptions,
  parseFileStoreOptions,
} from './file-store-options.js';
import { openJournal } from './journal-file.js';
import { readJournal } from './journal-reader.js';
import { createJournalWriter, type LockState } from './journal-writer.js';
import { PaymentIndex } from './payment-index.js';
import type { PaymentEvent, PaymentPatch, PaymentRecord } from './payment-record.js';
import type { CreateAttemptResult, PaymentStore, Staged, StagedUpdates } from './payment-store.js';

export type { FileStoreOptions } from './file-store-options.js';

export interface FileStore extends PaymentStore, WebhookOutbox, StagedUpdates {
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
      config.logger.warn(
        {
          lockPath: config.lockPath,
          lastRefreshedMsAgo: Math.round(ageMs),
        },
        'Taking over a file store lock left by a process that is gone',
      ),
    onCompromised: (cause) => {
      lockState.lost = new LipwaError(
        'internal_error',
        `The file store lost its lock on ${config.directory} (this process stalled for over ${config.lockStaleMs} ms, or the lock was removed), so another process may now write there. It refuses every call: restart it, and give each process its own directory.`,
        { cause },
      );
      config.logger.error(
        {
          lockPath: config.lockPath,
          error: cause,
        },
        'File store lock lost; refusing further writes',
      );
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

/** Creates the directory 0700; warns (never chmods) when an existing one is open to others. */
async function prepareDirectory(config: FileStoreConfig): Promise<void> {
  await mkdir(config.directory, { recursive: true, mode: 0o700 });
  const mode = (await stat(config.directory)).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    config.logger.warn(
      { directory: config.directory, mode: `0${mode.toString(8)}` },
      'The file store directory can be read by other users, and its journal holds phone numbers: chmod 700 it',
    );
  }
}

async function replay(config: FileStoreConfig, index: PaymentIndex): Promise<number> {
  // A snapshot left beside the journal is a compaction that never reached its rename.
  await unlink(config.snapshotPath).catch(() => undefined);
  const contents = await readJournal(config.journalPath);
  if (contents.tornBytes > 0) {
    config.logger.warn(
      {
        journal: config.journalPath,
        bytes: contents.tornBytes,
      },
      'Skipped a torn last journal line (a write interrupted by a crash)',
    );
    // Cut it off, or the next append would glue a new line onto the fragment.
    await truncate(config.journalPath, contents.validBytes);
  }
  for (const entry of contents.entries) index.apply(entry);
  return contents.entries.length;
}

// A factory closure over the journal and its flush loop; longer than ~60 lines only because it
// holds the store's methods, each a few lines.
function openedStore(
  config: FileStoreConfig,
  index: PaymentIndex,
  initialJournal: FileHandle,
  initialLines: number,
  lockState: LockState,
  releaseLock: () => Promise<void>,
): FileStore {
  const journal = createJournalWriter(config, index, initialJournal, initialLines, lockState);
  let closing: Promise<void> | undefined;

  function read<T>(value: () => T): Promise<T> {
    journal.assertOpen();
    return journal.durable(value());
  }

  // Applies a compare-and-set now (one synchronous step, so it is atomic in the process) and
  // hands back the promise of its flush, so `update` and queued callers can wait on it.
  function stageUpdate(
    id: string,
    expectedVersion: number,
    patch: PaymentPatch,
    outbox: readonly WebhookDelivery[] = [],
    events: readonly PaymentEvent[] = [],
  ): Staged<PaymentRecord | undefined> {
    journal.assertOpen();
    const current = index.get(id);
    if (!current || current.version !== expectedVersion) {
      return { value: undefined, durable: Promise.resolve() };
    }
    const record = applyPatch(current, patch);
    // The change, its webhook deliveries and its events are one journal line: all or none.
    const durable = observed(
      journal.write({
        op: 'update',
        record,
        ...(outbox.length > 0 ? { outbox } : {}),
        ...(events.length > 0 ? { events } : {}),
      }),
    );
    // Captured now: a later write may change the record before this one is durable.
    return { value: stored(index, id), durable };
  }

  return {
    directory: config.directory,

    async createAttempt(record): Promise<CreateAttemptResult> {
      journal.assertOpen();
      if (index.has(record.id)) {
        throw new LipwaError('internal_error', `A payment with id ${record.id} already exists.`);
      }
      // Check and apply run in one synchronous step, which keeps this atomic in the process.
      const blocking = index.blockingAttempt(record.reference);
      if (blocking) return { created: false, record: await journal.durable(blocking) };
      await journal.write({ op: 'create', record });
      return { created: true, record: stored(index, record.id) };
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

    peek(id) {
      journal.assertOpen();
      return { value: index.get(id), durable: observed(journal.durable(undefined)) };
    },

    stageUpdate,

    async update(id, expectedVersion, patch: PaymentPatch, outbox = [], events = []) {
      const staged = stageUpdate(id, expectedVersion, patch, outbox, events);
      await staged.durable;
      return staged.value;
    },

    async leaseDeliveries(query) {
      journal.assertOpen();
      // Planned and applied in one synchronous step, which keeps leases exclusive in the process.
      const leased = index.deliveries.planLease(query);
      await Promise.all(leased.map((delivery) => journal.write({ op: 'delivery', delivery })));
      return leased;
    },

    async updateDelivery(id, patch, owner) {
      journal.assertOpen();
      const next = index.deliveries.planUpdate(id, patch, owner);
      if (next) await journal.write({ op: 'delivery', delivery: next });
      return next;
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
      journal.assertOpen();
      await journal.write({ op: 'event', paymentId, event });
    },

    async events(paymentId) {
      return read(() => index.events(paymentId));
    },

    async recordUnmatched(entry) {
      journal.assertOpen();
      await journal.write({ op: 'unmatched', entry });
    },

    async unmatched() {
      return read(() => index.unmatched());
    },

    async unmatchedFor(provider, providerRef) {
      return read(() => index.unmatchedFor(provider, providerRef));
    },

    compact() {
      journal.assertOpen();
      return journal.compact();
    },

    close() {
      closing ??= journal.close().then(releaseLock);
      return closing;
    },
  };
}

function stored(index: PaymentIndex, id: string): PaymentRecord {
  const record = index.get(id);
  if (!record) throw new LipwaError('internal_error', `Payment ${id} vanished after its write.`);
  return record;
}

// A staged caller may drop a `durable` it no longer needs (a read before a retry): a failed
// flush must then not become an unhandled rejection that ends the process. Awaiting it still
// throws.
function observed(durable: Promise<void>): Promise<void> {
  durable.catch(() => undefined);
  return durable;
}
