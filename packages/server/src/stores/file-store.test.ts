import {
  appendFile,
  chmod,
  mkdir,
  mkdtemp,
  readFile,
  rm,
  stat,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LipwaError } from '@lipwa/core';
import { recordingLogger as sharedRecordingLogger } from '@lipwa/core/testing';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { LogFields } from '../logger.js';
import { describeStoreConformance } from '../testing/store-conformance.js';
import { createFileStore, type FileStore, type FileStoreOptions } from './file-store.js';
import type { PaymentRecord } from './payment-record.js';

const directories: string[] = [];
const openStores: FileStore[] = [];

afterAll(async () => {
  for (const store of openStores) await store.close();
  for (const directory of directories) await rm(directory, { recursive: true, force: true });
});

async function freshDirectory(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'lipwa-file-store-'));
  directories.push(directory);
  return directory;
}

/** The shared recording logger, with its warnings as `{ message, fields? }`. */
function recordingLogger() {
  const logger = sharedRecordingLogger();
  return Object.defineProperty(logger, 'warnings', {
    get: () =>
      logger.at('warn').map(({ message, fields }) => ({ message, ...(fields ? { fields } : {}) })),
  }) as typeof logger & { readonly warnings: { message: string; fields?: LogFields }[] };
}

async function setup(options: Partial<FileStoreOptions> = {}) {
  const directory = options.directory ?? (await freshDirectory());
  const logger = recordingLogger();
  const store = await createFileStore({ directory, logger, ...options });
  openStores.push(store);
  return { directory, logger, store, journal: join(directory, 'journal.jsonl') };
}

async function reopen(directory: string, options: Partial<FileStoreOptions> = {}) {
  return setup({ directory, ...options });
}

let counter = 0;
function attempt(overrides: Partial<PaymentRecord> = {}): PaymentRecord {
  counter += 1;
  return {
    id: `pay_file_${counter}`,
    sessionId: `ses_file_${counter}`,
    provider: 'daraja',
    status: 'pending',
    amount: { amount: 150000, currency: 'KES' },
    reference: `ORDER-${counter}`,
    phone: '254712345678' as PaymentRecord['phone'],
    callbackTokenHash: `${counter}`.padStart(64, 'b'),
    createdAt: 1_740_819_600_000 + counter,
    updatedAt: 1_740_819_600_000 + counter,
    queryCount: 0,
    version: 1,
    ...overrides,
  };
}

async function lineCount(path: string): Promise<number> {
  return (await readFile(path, 'utf8')).split('\n').filter((line) => line !== '').length;
}

describeStoreConformance('the file store', async () => (await setup()).store);

describe('the file store', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps every record, version, event and unmatched callback across close and reopen', async () => {
    const { directory, store } = await setup();
    const paid = attempt({ providerRef: 'ws_CO_191220191020363925' });
    const failed = attempt({ status: 'failed', reason: 'cancelled_by_user' });
    await store.createAttempt(paid);
    await store.createAttempt(failed);
    await store.appendEvent(paid.id, { at: 1, kind: 'created' });
    const completed = await store.update(paid.id, 1, {
      status: 'completed',
      receipt: 'NLJ7RT61SV',
      providerCode: '0',
    });
    await store.appendEvent(paid.id, { at: 2, kind: 'transition', data: { to: 'completed' } });
    await store.recordUnmatched({
      at: 3,
      provider: 'daraja',
      paymentId: failed.id,
      providerRef: 'ws_CO_other',
      status: 'completed',
      providerCode: '0',
    });
    await store.close();

    const { store: reopened } = await reopen(directory);

    expect(await reopened.get(paid.id)).toEqual(completed);
    expect((await reopened.get(paid.id))?.version).toBe(2);
    expect(await reopened.get(failed.id)).toEqual(failed);
    expect(await reopened.findByProviderRef('daraja', 'ws_CO_191220191020363925')).toEqual(
      completed,
    );
    expect(await reopened.findByCallbackToken(failed.callbackTokenHash)).toEqual(failed);
    expect(await reopened.events(paid.id)).toEqual([
      { at: 1, kind: 'created' },
      { at: 2, kind: 'transition', data: { to: 'completed' } },
    ]);
    expect(await reopened.unmatched()).toEqual([
      expect.objectContaining({ paymentId: failed.id, providerRef: 'ws_CO_other' }),
    ]);
    expect(await reopened.update(paid.id, 1, { status: 'failed' })).toBeUndefined();
    expect(await reopened.createAttempt(attempt({ reference: paid.reference }))).toEqual({
      created: false,
      record: completed,
    });
  });

  it('replays the events written with an update, before and after a compaction', async () => {
    const { directory, store } = await setup();
    const record = attempt();
    await store.createAttempt(record);
    const events = [
      { at: 2, kind: 'callback', data: { updates: ['completed'] } },
      { at: 2, kind: 'transition', data: { from: 'pending', to: 'completed' } },
    ] as const;
    await store.update(record.id, 1, { status: 'completed' }, [], events);
    await store.close();

    const { store: reopened } = await reopen(directory);
    expect(await reopened.events(record.id)).toEqual(events);
    await reopened.compact();
    await reopened.close();
    const { store: compacted } = await reopen(directory);
    expect(await compacted.events(record.id)).toEqual(events);
    expect(await compacted.get(record.id)).toMatchObject({ status: 'completed', version: 2 });
  });

  it('acknowledges a write only once its line is in the journal', async () => {
    const { store, journal } = await setup();
    const record = attempt();

    await store.createAttempt(record);
    await store.update(record.id, 1, { status: 'cancelled', reason: 'cancelled_by_user' });

    const lines = (await readFile(journal, 'utf8')).trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line).op)).toEqual(['create', 'update']);
    expect(JSON.parse(lines[1] ?? '')).toMatchObject({
      record: { id: record.id, status: 'cancelled', version: 2 },
    });
  });

  it('skips a torn last line with a warning and appends cleanly after it', async () => {
    const { directory, store, journal } = await setup();
    const kept = attempt();
    await store.createAttempt(kept);
    await store.close();
    await appendFile(journal, '{"op":"create","record":{"id":"pay_torn","sess');

    const { store: reopened, logger } = await reopen(directory);
    const next = attempt();
    await reopened.createAttempt(next);
    await reopened.close();
    const { store: third } = await reopen(directory);

    expect(logger.warnings).toEqual([
      expect.objectContaining({ message: expect.stringContaining('torn last journal line') }),
    ]);
    expect(await third.get(kept.id)).toEqual(kept);
    expect(await third.get('pay_torn')).toBeUndefined();
    expect(await third.get(next.id)).toEqual(next);
  });

  it('refuses to open a journal damaged in the middle, saying how to recover', async () => {
    const directory = await freshDirectory();
    const good = JSON.stringify({ op: 'create', record: attempt() });
    await writeFile(join(directory, 'journal.jsonl'), `${good}\nnot json at all\n${good}\n`);

    const opening = createFileStore({ directory, logger: recordingLogger() });

    await expect(opening).rejects.toThrow(/journal is damaged at .*journal\.jsonl:2/);
    await expect(opening).rejects.toMatchObject({ code: 'internal_error' });
    // The failed open released its lock: a repaired directory opens again.
    await writeFile(join(directory, 'journal.jsonl'), `${good}\n`);
    const { store } = await reopen(directory);
    expect(await store.listPending(10)).toHaveLength(1);
  });

  it('compacts the journal past the line limit and keeps everything', async () => {
    const { directory, store, journal } = await setup({ compactAfterLines: 6 });
    const record = attempt();
    await store.createAttempt(record);
    let current = record;
    for (let step = 0; step < 10; step += 1) {
      const next = await store.update(current.id, current.version, { queryCount: step + 1 });
      if (!next) throw new Error('update lost a compare-and-set it should have won');
      current = next;
    }
    await store.appendEvent(record.id, { at: 1, kind: 'created' });
    await store.appendEvent(record.id, { at: 2, kind: 'query', data: { status: 'pending' } });
    await store.close();

    const { store: reopened } = await reopen(directory);

    expect(await lineCount(journal)).toBeLessThanOrEqual(6);
    expect(await reopened.get(record.id)).toEqual(current);
    expect(current).toMatchObject({ version: 11, queryCount: 10 });
    expect((await reopened.events(record.id)).map((event) => event.kind)).toEqual([
      'created',
      'query',
    ]);
  });

  it('does not rewrite the whole journal on every write once the state outgrows the line limit', async () => {
    const { store, journal } = await setup({ compactAfterLines: 5 });
    const records = Array.from({ length: 10 }, () => attempt());
    for (const record of records) await store.createAttempt(record);
    await store.compact();
    expect(await lineCount(journal)).toBe(10);

    // Ten records are already more than the limit of five lines: three more writes must be
    // appended, not each trigger a rewrite of the whole state.
    for (const record of records.slice(0, 3)) {
      await store.update(record.id, 1, { queryCount: 1 });
    }
    await store.close();

    expect(await lineCount(journal)).toBe(13);
  });

  it('makes a burst of concurrent writes durable with fewer flushes than writes', async () => {
    const { directory, store } = await setup();
    const records = Array.from({ length: 50 }, () => attempt());
    const { FileHandle } = await import('node:fs/promises').then(async (fs) => {
      const handle = await fs.open(join(directory, 'probe'), 'w');
      const prototype = Object.getPrototypeOf(handle);
      await handle.close();
      return { FileHandle: prototype as { datasync(): Promise<void> } };
    });
    const original = FileHandle.datasync;
    let flushes = 0;
    FileHandle.datasync = function (this: unknown) {
      flushes += 1;
      return original.call(this);
    };
    try {
      await Promise.all(records.map((record) => store.createAttempt(record)));
    } finally {
      FileHandle.datasync = original;
    }

    expect(flushes).toBeLessThan(records.length);
    for (const record of records) expect(await store.get(record.id)).toEqual(record);
  });

  it('applies a staged update at once, and settles it only once its line is in the journal', async () => {
    const { store, journal } = await setup();
    const record = attempt();
    await store.createAttempt(record);

    const staged = store.stageUpdate(record.id, 1, { status: 'completed' });
    const conflict = store.stageUpdate(record.id, 1, { status: 'failed' });

    expect(staged.value).toMatchObject({ status: 'completed', version: 2 });
    expect(store.peek(record.id).value).toEqual(staged.value);
    expect(conflict.value).toBeUndefined();
    await staged.durable;
    expect(await lineCount(journal)).toBe(2);
    expect(await store.get(record.id)).toEqual(staged.value);
  });

  it('compacts on demand into one line per record, event and unmatched callback', async () => {
    const { directory, store, journal } = await setup();
    const first = attempt();
    const second = attempt();
    await store.createAttempt(first);
    await store.createAttempt(second);
    const updated = await store.update(first.id, 1, { status: 'expired', decidedBy: 'deadline' });
    await store.appendEvent(first.id, { at: 5, kind: 'transition' });
    await store.recordUnmatched({
      at: 6,
      provider: 'daraja',
      paymentId: second.id,
      providerRef: 'ws_CO_x',
      status: 'failed',
    });

    await store.compact();
    const third = attempt();
    await store.createAttempt(third);
    await store.close();
    const { store: reopened } = await reopen(directory);

    expect(await lineCount(journal)).toBe(5);
    expect(await reopened.get(first.id)).toEqual(updated);
    expect(await reopened.latestForReference(third.reference)).toEqual(third);
    expect((await reopened.listPending(10)).map((record) => record.id)).toEqual([
      second.id,
      third.id,
    ]);
    expect(await reopened.unmatched()).toHaveLength(1);
  });

  it('refuses a second open of a directory that is in use, and allows it after close', async () => {
    const { directory, store } = await setup();

    const second = createFileStore({ directory, logger: recordingLogger(), lockWaitMs: 0 });

    await expect(second).rejects.toBeInstanceOf(LipwaError);
    await expect(second).rejects.toMatchObject({ code: 'config_invalid' });
    await expect(second).rejects.toThrow(/already open on this directory/);
    await store.close();
    const { store: later } = await reopen(directory);
    expect(await later.unmatched()).toEqual([]);
  });

  it('opens after a crash whose restart has the same pid (pid 1 in a container): the lock goes stale by time', async () => {
    const { directory, store } = await setup({ lockStaleMs: 2_000 });
    await store.createAttempt(attempt());
    await store.close();
    // What a process killed mid-run leaves: its lock, last refreshed a while ago.
    const lock = join(directory, 'lipwa.lock');
    await mkdir(lock);
    const longAgo = new Date(Date.now() - 5_000);
    await utimes(lock, longAgo, longAgo);

    const { store: restarted, logger } = await reopen(directory, { lockStaleMs: 2_000 });

    expect(await restarted.listPending(10)).toHaveLength(1);
    expect(logger.warnings).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('Taking over a file store lock'),
        fields: expect.objectContaining({ lastRefreshedMsAgo: expect.any(Number) }),
      }),
    ]);
  });

  it('respects a lock a live holder keeps refreshing, even when it looks like its own pid', async () => {
    const directory = await freshDirectory();
    await mkdir(join(directory, 'lipwa.lock'));

    const opening = createFileStore({ directory, logger: recordingLogger(), lockWaitMs: 0 });

    await expect(opening).rejects.toMatchObject({ code: 'config_invalid' });
  });

  it('refuses every call once its lock was taken over while it stalled, and still closes', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { directory, store, logger } = await setup({ lockStaleMs: 2_000 });
    const lost = () => logger.at('error').map((entry) => entry.message);
    const theirs = new Date(Date.now() + 60_000);
    await utimes(join(directory, 'lipwa.lock'), theirs, theirs);

    await vi.advanceTimersByTimeAsync(1_000);
    for (let turn = 0; turn < 5_000 && lost().length === 0; turn++) {
      await new Promise<void>((resolve) => setImmediate(resolve));
    }

    expect(lost()).toEqual([expect.stringContaining('lock lost')]);
    await expect(store.createAttempt(attempt())).rejects.toThrow(/lost its lock/);
    await expect(store.close()).resolves.toBeUndefined();
  });

  it('creates its directory 0700 and its journal 0600, compacted or not: they hold phone numbers', async () => {
    const directory = join(await freshDirectory(), 'data', 'lipwa');
    const { store, journal, logger } = await setup({ directory });
    await store.createAttempt(attempt());
    const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

    const written = await modeOf(journal);
    await store.compact();

    expect(await modeOf(directory)).toBe(0o700);
    expect(written).toBe(0o600);
    expect(await modeOf(journal)).toBe(0o600);
    expect(logger.warnings).toEqual([]);
  });

  it('tightens an existing journal to 0600 when it opens it', async () => {
    const directory = await freshDirectory();
    const journal = join(directory, 'journal.jsonl');
    await writeFile(journal, '', { mode: 0o644 });
    await chmod(journal, 0o644);

    await setup({ directory });

    expect((await stat(journal)).mode & 0o777).toBe(0o600);
  });

  it('warns, without changing it, when an existing directory is open to other users', async () => {
    const directory = await freshDirectory();
    await chmod(directory, 0o755);

    const { logger } = await setup({ directory });

    expect((await stat(directory)).mode & 0o777).toBe(0o755);
    expect(logger.warnings).toEqual([
      expect.objectContaining({ message: expect.stringContaining('chmod 700') }),
    ]);
  });

  it('refuses a lock stale time below 2 seconds or a negative wait', async () => {
    const directory = await freshDirectory();

    await expect(createFileStore({ directory, lockStaleMs: 500 })).rejects.toThrow(/lockStaleMs/);
    await expect(createFileStore({ directory, lockWaitMs: -1 })).rejects.toThrow(/lockWaitMs/);
  });

  it('refuses every call after close with a message that says what to do', async () => {
    const { store } = await setup();
    await store.close();

    await expect(store.get('pay_1')).rejects.toThrow(/is closed; create a new one/);
    await expect(store.createAttempt(attempt())).rejects.toMatchObject({ code: 'internal_error' });
    await expect(store.close()).resolves.toBeUndefined();
  });

  it('hands out frozen records so callers cannot change stored state behind its back', async () => {
    const { store } = await setup();

    const { record } = await store.createAttempt(attempt());

    expect(Object.isFrozen(record)).toBe(true);
  });

  it('refuses options without a directory or with a bad compaction limit', async () => {
    await expect(createFileStore({ directory: '' })).rejects.toThrow(/needs `directory`/);
    await expect(
      createFileStore({ directory: await freshDirectory(), compactAfterLines: 0 }),
    ).rejects.toMatchObject({ code: 'config_invalid' });
  });
});
