/**
 * `@lipwa/server/testing`: what people writing their own stores, buses or kit tests need. The
 * conformance suites import vitest (hence a separate entry); the shared test kit comes from
 * `@lipwa/core/testing`, plus a factory of stored payment records. This package's own test
 * doubles (`test-*.ts`) are not published.
 */
export {
  createScriptedAdapter,
  type FakeClock,
  fakeClock,
  type LogEntry,
  paymentView,
  type RecordingLogger,
  recordingLogger,
  type ScriptedAdapter,
  type ScriptedAdapterOptions,
  scriptedCallback,
  TEST_START_MS,
} from '@lipwa/core/testing';
export {
  type BusPair,
  describeEventBusConformance,
  type EventBusConformanceOptions,
} from './bus-conformance.js';
export { paymentRecord } from './records.js';
export { describeStoreConformance } from './store-conformance.js';
