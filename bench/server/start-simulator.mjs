/**
 * Starts the provider simulator in its own process (simulator-process.mjs), as a real provider is
 * elsewhere: `url`, `deliveries()` (its callback deliveries, and how many failed) and `stop()`.
 */
import { fork } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** `approveMs`: how long a magic number's prompt takes to settle (the customer's "PIN"). */
export function startSimulator(approveMs) {
  const child = fork(resolve(here, 'simulator-process.mjs'), [String(approveMs)], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((ready) =>
    child.once('message', ({ url }) =>
      ready({
        url,
        deliveries: () => {
          const answer = new Promise((done) => child.once('message', done));
          child.send('deliveries');
          return answer;
        },
        stop: () => {
          const exited = new Promise((done) => child.once('exit', done));
          child.disconnect();
          return exited;
        },
      }),
    ),
  );
}
