import { describe, expect, it } from 'vitest';
import { createScheduler } from './scheduler.js';

function setup() {
  const clock = { now: () => 1_000_000 };
  const scheduler = createScheduler(clock);
  const ran: string[] = [];
  return { scheduler, ran };
}

describe('scheduler', () => {
  it('runs tasks that fall due when time is advanced, in due order', () => {
    const { scheduler, ran } = setup();
    scheduler.schedule(300, () => ran.push('c'));
    scheduler.schedule(100, () => ran.push(`a at ${scheduler.now()}`));
    scheduler.schedule(200, () => ran.push('b'));

    scheduler.advance(250);

    expect(ran).toEqual(['a at 1000100', 'b']);
    expect(scheduler.now()).toBe(1_000_250);
    scheduler.cancelAll();
  });

  it('runs tasks scheduled by tasks when they fall inside the advanced window', () => {
    const { scheduler, ran } = setup();
    scheduler.schedule(100, () => {
      ran.push('first');
      scheduler.schedule(100, () => ran.push('second'));
    });

    scheduler.advance(200);

    expect(ran).toEqual(['first', 'second']);
  });

  it('never runs cancelled tasks', () => {
    const { scheduler, ran } = setup();
    const cancel = scheduler.schedule(100, () => ran.push('cancelled'));
    scheduler.schedule(100, () => ran.push('kept'));

    cancel();
    scheduler.advance(1_000);

    expect(ran).toEqual(['kept']);
  });

  it('never steps back when the real clock moved while tasks ran', () => {
    let real = 1_000_000;
    const scheduler = createScheduler({ now: () => real });
    const ran: string[] = [];
    scheduler.schedule(0, () => {
      real += 5; // a slow task: the real clock moves on while it runs
      scheduler.schedule(60_000, () => ran.push('late'));
    });

    scheduler.advance(0);
    const after = scheduler.now();
    scheduler.advance(60_000);

    expect(after).toBe(1_000_005);
    expect(ran).toEqual(['late']);
    scheduler.cancelAll();
  });

  it('refuses to move time backwards', () => {
    const { scheduler } = setup();

    expect(() => scheduler.advance(-1)).toThrow(RangeError);
  });
});
