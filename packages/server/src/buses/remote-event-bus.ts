/** What the buses that cross instances (PostgreSQL, Redis) offer beyond the in-process one. */
import type { EventBus, EventBusContext } from './event-bus.js';

export interface RemoteEventBus extends EventBus {
  readonly channel: string;
  /** The random id this bus puts in its messages to recognise its own. */
  readonly instanceId: string;
  /** Resolves once the bus listens (or is closed); until then it keeps retrying. */
  ready(): Promise<void>;
  attach(context: EventBusContext): void;
  /** Ends the connections the bus opened itself; leaves yours open. Safe to call twice. */
  close(): Promise<void>;
}
