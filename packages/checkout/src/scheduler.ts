/**
 * Timers behind an interface, so tests drive polling and the countdown with a manual clock
 * instead of sleeping. Globals are read when a timer is set, never at module load.
 */
export interface Scheduler {
  /** Runs `task` once after `ms` milliseconds; the returned function cancels it. */
  after(ms: number, task: () => void): () => void;
}

export const timerScheduler: Scheduler = {
  after(ms, task) {
    const id = globalThis.setTimeout(task, ms);
    return () => globalThis.clearTimeout(id);
  },
};
