import { accessSync, constants } from 'node:fs';

/** Fails early, with the fix, when Debian's Chromium is missing (Playwright cannot download one here). */
export default function globalSetup(): void {
  const executable = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  try {
    accessSync(executable, constants.X_OK);
  } catch {
    throw new Error(
      `Chromium was not found at ${executable}. Install it with "apt-get install chromium" (as .ci/run does) or set CHROMIUM_PATH.`,
    );
  }
}
