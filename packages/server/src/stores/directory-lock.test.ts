import { mkdir, mkdtemp, rm, stat, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { acquireDirectoryLock, type DirectoryLock } from './directory-lock.js';

// proper-lockfile's smallest stale time; a stale lock is made by backdating its mtime, not by waiting.
const STALE_MS = 2_000;

const directories: string[] = [];
const held: DirectoryLock[] = [];

afterEach(async () => {
  vi.useRealTimers();
  for (const lock of held.splice(0)) await lock.release();
});

afterAll(async () => {
  for (const directory of directories) await rm(directory, { recursive: true, force: true });
});

async function lockPath(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'lipwa-lock-'));
  directories.push(directory);
  return join(directory, 'lipwa.lock');
}

/** What a holder that crashed (or was killed) leaves behind: its lock, last refreshed `ageMs` ago. */
async function leftBehind(path: string, ageMs: number): Promise<void> {
  await mkdir(path);
  const refreshed = new Date(Date.now() - ageMs);
  await utimes(path, refreshed, refreshed);
}

function acquire(path: string, options: Partial<Parameters<typeof acquireDirectoryLock>[1]> = {}) {
  return acquireDirectoryLock(path, {
    staleMs: STALE_MS,
    waitMs: 0,
    onStale: () => undefined,
    onCompromised: () => undefined,
    ...options,
  }).then((lock) => {
    held.push(lock);
    return lock;
  });
}

async function yieldUntil(condition: () => boolean): Promise<void> {
  for (let turn = 0; turn < 5_000 && !condition(); turn++) {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  expect(condition()).toBe(true);
}

describe('acquireDirectoryLock', () => {
  it('takes a free directory and gives it back on release', async () => {
    const path = await lockPath();

    const lock = await acquire(path);
    const whileHeld = await stat(path);
    await lock.release();

    expect(whileHeld.isDirectory()).toBe(true);
    await expect(stat(path)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses a lock its holder keeps fresh, in this process or another, whatever that holder’s pid', async () => {
    const path = await lockPath();
    await acquire(path);

    await expect(acquire(path)).rejects.toMatchObject({
      code: 'config_invalid',
      message: expect.stringMatching(/already open on this directory/),
    });
  });

  it('refuses a lock refreshed moments ago by a holder it cannot see (another container)', async () => {
    const path = await lockPath();
    await leftBehind(path, 100);

    await expect(acquire(path)).rejects.toMatchObject({ code: 'config_invalid' });
  });

  it('takes over a lock not refreshed for longer than the stale time: a crashed holder, even one with our own pid', async () => {
    // The old pid-file lock refused this: after a crash in a container the new process is pid 1
    // again, saw "its own" live pid in the lock and never opened. Time, not pid, decides now.
    const path = await lockPath();
    await leftBehind(path, STALE_MS + 1_000);
    const stale: number[] = [];

    const lock = await acquire(path, { onStale: (ageMs) => stale.push(ageMs) });

    expect(lock.path).toBe(path);
    expect(stale).toHaveLength(1);
    expect(stale[0]).toBeGreaterThan(STALE_MS);
  });

  it('waits up to waitMs for a lock to go stale instead of refusing at once', async () => {
    const path = await lockPath();
    // Crashed just now: stale in about 300 ms.
    await leftBehind(path, STALE_MS - 300);

    const lock = await acquire(path, { waitMs: STALE_MS });

    expect(lock.path).toBe(path);
  });

  it('tells its holder when the lock was taken away (the holder stalled past the stale time)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const path = await lockPath();
    const compromised: Error[] = [];
    await acquire(path, { onCompromised: (error) => compromised.push(error) });

    // Another process found it stale and replaced it: its mtime is no longer ours.
    const theirs = new Date(Date.now() + 60_000);
    await utimes(path, theirs, theirs);
    await vi.advanceTimersByTimeAsync(STALE_MS / 2);
    await yieldUntil(() => compromised.length > 0);

    expect(compromised[0]).toMatchObject({ code: 'ECOMPROMISED' });
  });

  it('refuses a stale time below proper-lockfile’s minimum instead of silently raising it', async () => {
    const path = await lockPath();

    await expect(acquire(path, { staleMs: 500 })).rejects.toMatchObject({
      code: 'config_invalid',
    });
  });
});
