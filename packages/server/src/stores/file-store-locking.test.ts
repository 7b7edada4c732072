/**
 * The file store's directory lock: one open store per directory, stale locks after a crash, a lock
 * taken over while a store stalled, and the lock options.
 */
import { mkdir, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { LipwaError } from '@lipwa/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
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

describe('the file store', () => {
  afterEach(() => {
    vi.useRealTimers();
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

  it('refuses a lock stale time below 2 seconds or a negative wait', async () => {
    const directory = await freshDirectory();

    await expect(createFileStore({ directory, lockStaleMs: 500 })).rejects.toThrow(/lockStaleMs/);
    await expect(createFileStore({ directory, lockWaitMs: -1 })).rejects.toThrow(/lockWaitMs/);
  });
});
