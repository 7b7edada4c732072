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

  it('never moves time backwards when a task takes real time, so what it schedules still runs on the next advance', () => {
    let real = 1_000_000;
    const scheduler = createScheduler({ now: () => real });
    const ran: string[] = [];
    scheduler.schedule(100, () => {
      real += 20; // the task took 20 ms of real time
      scheduler.schedule(1_000, () => ran.push('later'));
    });

    scheduler.advance(100);
    scheduler.advance(1_000);

    expect(ran).toEqual(['later']);
    scheduler.cancelAll();
  });

  it('never runs cancelled tasks', () => {
    const { scheduler, ran } = setup();
    const cancel = scheduler.schedule(100, () => ran.push('cancelled'));
    scheduler.schedule(100, () => ran.push('kept'));

    cancel();
    scheduler.advance(1_000);

    expect(ran).toEqual(['kept']);
  });

  it('refuses to move time backwards', () => {
    const { scheduler } = setup();

    expect(() => scheduler.advance(-1)).toThrow(RangeError);
  });
});
