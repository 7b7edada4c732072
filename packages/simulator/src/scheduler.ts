import type { Clock } from '@lipwa/core';

/**
 * Timers on the simulator's own clock. A task runs when its real timer fires, or earlier when a
 * test moves simulated time forward with `advance(ms)`, so nothing needs to sleep. Real timers
 * are unref'd and all cleared on `cancelAll()`, so a forgotten simulator never holds a process open.
 */
export interface Scheduler {
  /** The injected clock plus however far `advance` has moved it. */
  now(): number;
  /** Runs `task` after `delayMs`; returns a function that cancels it. */
  schedule(delayMs: number, task: () => void): () => void;
  /** Moves simulated time forward, running every task that falls due, in order. */
  advance(ms: number): void;
  cancelAll(): void;
}

interface Entry {
  readonly due: number;
  readonly seq: number;
  readonly task: () => void;
  readonly timer: NodeJS.Timeout;
}

export function createScheduler(clock: Clock): Scheduler {
  let offset = 0;
  let seq = 0;
  const entries = new Map<number, Entry>();
  const now = () => clock.now() + offset;

  function run(id: number): void {
    const entry = entries.get(id);
    if (!entry) return;
    entries.delete(id);
    clearTimeout(entry.timer);
    entry.task();
  }

  /** The earliest task due at or before `limit` (ties in scheduling order). */
  function nextDue(limit: number): Entry | undefined {
    let best: Entry | undefined;
    for (const entry of entries.values()) {
      if (entry.due > limit) continue;
      if (!best || entry.due < best.due || (entry.due === best.due && entry.seq < best.seq)) {
        best = entry;
      }
    }
    return best;
  }

  return {
    now,
    schedule(delayMs, task) {
      const id = ++seq;
      const timer = setTimeout(() => run(id), delayMs);
      timer.unref();
      entries.set(id, { due: now() + delayMs, seq: id, task, timer });
      return () => {
        const entry = entries.get(id);
        if (entry) clearTimeout(entry.timer);
        entries.delete(id);
      };
    },
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) {
        throw new RangeError(`advance(ms) needs a non-negative number of milliseconds, got ${ms}.`);
      }
      const target = now() + ms;
      // Step through due times so each task sees the time it was due, and tasks it schedules
      // inside the window run too.
      for (let entry = nextDue(target); entry; entry = nextDue(target)) {
        if (entry.due > now()) offset += entry.due - now();
        run(entry.seq);
      }
      // Never backwards: a task that took real time must not pull simulated time behind it.
      offset += Math.max(0, target - now());
    },
    cancelAll() {
      for (const entry of entries.values()) clearTimeout(entry.timer);
      entries.clear();
    },
  };
}
