/**
 * The journal's file mode: it holds phone numbers, so only the store's own user may read it.
 * `open` applies a mode only when it creates the file, so an existing journal (from an older
 * version, or copied in) is tightened on open too.
 */
import { type FileHandle, open } from 'node:fs/promises';

export const FILE_MODE = 0o600;

/** Opens the journal for appending, created 0600 and kept 0600. */
export async function openJournal(path: string): Promise<FileHandle> {
  const handle = await open(path, 'a', FILE_MODE);
  try {
    await handle.chmod(FILE_MODE);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}
