/**
 * One ping timer for every open status stream with the same interval, instead of one timer per
 * stream: at 10,000 open streams that is one wake-up per interval, not 10,000. A stream joins
 * when it opens and leaves when it ends; the timer stops when the last one leaves.
 */
interface PingGroup {
  readonly timer: NodeJS.Timeout;
  readonly members: Set<() => void>;
}

const groups = new Map<number, PingGroup>();

/** Calls `ping` every `intervalMs` with every other stream of that interval; returns `leave`. */
export function joinPing(intervalMs: number, ping: () => void): () => void {
  let group = groups.get(intervalMs);
  if (!group) {
    const members = new Set<() => void>();
    const timer = setInterval(() => {
      for (const member of members) member();
    }, intervalMs);
    // Open streams alone should not keep a process alive that is otherwise done.
    timer.unref();
    group = { timer, members };
    groups.set(intervalMs, group);
  }
  const joined = group;
  joined.members.add(ping);
  return () => {
    joined.members.delete(ping);
    if (joined.members.size === 0 && groups.get(intervalMs) === joined) {
      clearInterval(joined.timer);
      groups.delete(intervalMs);
    }
  };
}

/** How many ping timers are running (for tests). */
export function pingTimerCount(): number {
  return groups.size;
}
