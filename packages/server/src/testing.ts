// Test helpers for people writing their own stores. Imports vitest, hence a separate entry.
export { describeStoreConformance } from './store-conformance.js';
