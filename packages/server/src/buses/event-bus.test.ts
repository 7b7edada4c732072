import { describe, expect, it } from 'vitest';
import { describeEventBusConformance } from '../testing/bus-conformance.js';
import { createMemoryEventBus } from './event-bus.js';

// One process: both "instances" are the same bus, and every contract case still holds.
describeEventBusConformance('the memory bus', () => {
  const bus = createMemoryEventBus();
  return [bus, bus];
});

describe('the memory bus', () => {
  it('tells onListenerError about a listener that threw and still runs the others', () => {
    const errors: unknown[] = [];
    const bus = createMemoryEventBus({ onListenerError: (error) => errors.push(error) });
    const heard: string[] = [];
    bus.subscribe('pay_1', () => {
      throw new Error('listener broke');
    });
    bus.subscribe('pay_1', (view) => heard.push(view.status));

    bus.publish('pay_1', {
      id: 'pay_1',
      sessionId: 'ses_1',
      provider: 'daraja',
      status: 'completed',
      amount: { amount: 150000, currency: 'KES' },
      reference: 'ORDER-1',
      phone: '2547•••••149',
      createdAt: '2025-03-01T09:00:00.000Z',
      updatedAt: '2025-03-01T09:00:01.000Z',
    });

    expect(heard).toEqual(['completed']);
    expect(errors).toEqual([new Error('listener broke')]);
  });
});
