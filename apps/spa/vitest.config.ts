import { defineConfig } from 'vitest/config';

// Unit tests are pure (injected fetch, plain data): Node is enough, no browser needed.
export default defineConfig({
  test: { include: ['src/**/*.test.ts'], environment: 'node' },
});
