/**
 * One process per store directory: two writers appending to one journal would each replay a
 * different history. The lock file is created with O_EXCL and holds the owner's pid, so a lock
 * left by a crashed process (pid no longer alive) can be taken over safely.
 */
import { open, readFile, unlink } from 'node:fs/promises';
import { LipwaError } from '@lipwa/core';

export interface DirectoryLock {
  readonly path: string;
  release(): Promise<void>;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function ownerOf(path: string): Promise<number | undefined> {
  try {
    const pid = Number.parseInt((await readFile(path, 'utf8')).trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

async function tryCreate(path: string): Promise<boolean> {
  try {
    const handle = await open(path, 'wx');
    try {
      await handle.writeFile(`${process.pid}\n`);
      await handle.datasync();
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/**
 * Takes the lock or throws `config_invalid`. `onStale` hears about a lock taken over from a dead
 * process.
 */
export async function acquireDirectoryLock(
  path: string,
  onStale: (pid: number | undefined) => void,
): Promise<DirectoryLock> {
  if (!(await tryCreate(path))) {
    const owner = await ownerOf(path);
    if (owner !== undefined && isAlive(owner)) {
      throw new LipwaError(
        'config_invalid',
        `Another store is already open on this directory (lock ${path} held by process ${owner}${owner === process.pid ? ', this one' : ''}). Close it first, or give each process its own directory; use the PostgreSQL store to share payments between processes.`,
        { details: { lockPath: path, pid: owner } },
      );
    }
    onStale(owner);
    await unlink(path).catch(() => undefined);
    if (!(await tryCreate(path))) {
      throw new LipwaError(
        'config_invalid',
        `Another process took the store lock ${path} while a stale lock was being replaced. Only one process may open a store directory.`,
        { details: { lockPath: path } },
      );
    }
  }
  let released = false;
  return {
    path,
    async release() {
      if (released) return;
      released = true;
      await unlink(path).catch(() => undefined);
    },
  };
}
