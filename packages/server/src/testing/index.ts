// Test helpers for people writing their own stores and buses. Imports vitest, hence a separate entry.

export {
  type BusPair,
  describeEventBusConformance,
  type EventBusConformanceOptions,
} from './bus-conformance.js';
export { describeStoreConformance } from './store-conformance.js';
