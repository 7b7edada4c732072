/**
 * The file store: the store conformance suite, and what survives a close, a crash or a damaged
 * journal; refusals after close and of bad options; frozen records.
 */
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeStoreConformance } from '../testing/store-conformance.js';
import { createFileStore } from './file-store.js';
import {
  attempt,
  cleanUpAfterAll,
  freshDirectory,
  recordingLogger,
  reopen,
  setup,
} from './test-file-store-setup.js';

cleanUpAfterAll();

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
