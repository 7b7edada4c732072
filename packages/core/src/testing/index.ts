/**
 * `@lipwa/core/testing`: the repository's one shared test kit, at the bottom so every package can
 * use it (dependencies point one way). A fake clock, a recording logger, a public payment view
 * factory and a provider-neutral scripted adapter. No test framework is imported here.
 */
export { type FakeClock, fakeClock, TEST_START_MS } from './fake-clock.js';
export { paymentView } from './payment-view.js';
export {
  type LogEntry,
  type LogLevel,
  type RecordingLogger,
  recordingLogger,
} from './recording-logger.js';
export {
  createScriptedAdapter,
  type ScriptedAdapter,
  type ScriptedAdapterOptions,
  scriptedCallback,
  scriptedCallbackAck,
} from './scripted-adapter.js';
