/**
 * Starts one server under test in its own process (so the load generator never shares its event
 * loop) and talks to it over IPC: `ask('memory')` and the like answer with the target's reply.
 */
import { fork } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** `spec`: { kind: 'express' | 'raw' | 'kit', dist?, store?, payments?, seed?, provider?, simulatorUrl? } */
export function startTarget(spec) {
  // CPU_PROF_DIR: each kit target writes a V8 CPU profile there (summarise with profile-top.mjs).
  const profile =
    process.env.CPU_PROF_DIR && spec.kind === 'kit'
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.CPU_PROF_DIR}`]
      : [];
  const child = fork(resolve(here, 'target.mjs'), [JSON.stringify(spec)], {
    // --expose-gc: memory figures are taken after a full collection, not whenever V8 last ran.
    execArgv: ['--expose-gc', ...profile],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  let pending;
  child.on('message', (message) => pending?.(message));
  const next = () => new Promise((resolveMessage) => (pending = resolveMessage));
  return new Promise((resolveReady, reject) => {
    const failed = (code) => reject(new Error(`target ${spec.kind} exited ${code} before ready`));
    child.once('exit', failed);
    next().then((ready) => {
      child.off('exit', failed);
      resolveReady({
        ...ready,
        pid: child.pid,
        ask(question) {
          const answer = next();
          child.send(question);
          return answer;
        },
        stop() {
          const exited = new Promise((done) => child.once('exit', done));
          child.disconnect();
          return exited;
        },
      });
    }, reject);
  });
}
