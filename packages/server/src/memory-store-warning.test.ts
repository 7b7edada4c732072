import { describe, expect, it } from 'vitest';
import { type LipwaOptions, parseOptions } from './options.js';
import { createMemoryStore } from './stores/memory-store.js';
import { createScriptedAdapter } from './testing/test-adapter.js';
import { recordingLogger, SHOP_ORIGIN, TEST_SECRET } from './testing/test-harness.js';

function startUp(overrides: Partial<LipwaOptions> = {}) {
  const logger = recordingLogger();
  parseOptions({
    providers: [createScriptedAdapter()],
    publicUrl: 'https://shop.example/lipwa',
    merchantName: 'Duka la Lipwa',
    allowedOrigins: [SHOP_ORIGIN],
    tokens: { secret: TEST_SECRET },
    environment: 'production',
    logger,
    ...overrides,
  });
  return logger.entries.filter((entry) => /memory/i.test(entry.message));
}

describe('the memory store default', () => {
  it('warns once at start-up in production that pending payments would be lost on restart', () => {
    const warnings = startUp();

    expect(warnings).toEqual([
      expect.objectContaining({
        level: 'warn',
        message: expect.stringMatching(/memory.*pending payments .*lost on restart/i),
      }),
    ]);
    expect(warnings[0]?.message).toMatch(/createFileStore|createPostgresStore/);
  });

  it('stays quiet in production when a store is given', () => {
    expect(startUp({ store: createMemoryStore() })).toEqual([]);
  });

  it('stays quiet in development, where the memory store is the convenient default', () => {
    expect(startUp({ environment: 'development' })).toEqual([]);
  });
});
