import { fakeClock, recordingLogger } from '@lipwa/core/testing';
import { describe, expect, it } from 'vitest';
import { createRefusalLog } from './refusal-log.js';

describe('the refused-callback log', () => {
  it('writes a bounded number of lines for 2 000 refusals, with the count left out', () => {
    const logger = recordingLogger();
    const clock = fakeClock();
    const refused = createRefusalLog(logger, clock, 60_000);
    for (let i = 0; i < 2_000; i++) {
      refused('Refused a callback with an unknown token', { provider: 'daraja' });
      clock.advance(10); // 2 000 refusals over 20 simulated seconds
    }
    expect(logger.entries).toHaveLength(1);
    clock.advance(60_000);
    refused('Refused a callback with an unknown token', { provider: 'daraja' });
    expect(logger.entries).toHaveLength(2);
    expect(logger.entries[1]?.fields).toMatchObject({ alsoRefusedInLastInterval: 1_999 });
  });
});
