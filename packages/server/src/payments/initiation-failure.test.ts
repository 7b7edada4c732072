import { ProviderError, ValidationError } from '@lipwa/core';
import { describe, expect, it } from 'vitest';
import { providerAnswerOf } from './initiation-failure.js';

describe("the provider's answer kept when an initiation fails", () => {
  it('is the text an adapter kept, under any of the names adapters use', () => {
    for (const key of ['rawAnswer', 'raw', 'answer']) {
      const error = new ProviderError('provider_unavailable', 'Unreadable answer.', {
        details: { [key]: '<html>502 Bad Gateway</html>' },
      });
      expect(providerAnswerOf(error)).toBe('<html>502 Bad Gateway</html>');
    }
  });

  it('is JSON for a parsed answer, with fields named like secrets replaced', () => {
    const error = new ProviderError('provider_unavailable', 'Answer failed its schema.', {
      details: {
        answer: {
          status: 'weird',
          shipping: 'standard',
          access_token: 'abc123',
          nested: { client_secret: 's', pin: '1234' },
        },
      },
    });

    const answer = providerAnswerOf(error) ?? '';

    expect(JSON.parse(answer)).toEqual({
      status: 'weird',
      shipping: 'standard',
      access_token: '[redacted]',
      nested: { client_secret: '[redacted]', pin: '[redacted]' },
    });
    expect(answer).not.toContain('abc123');
  });

  it('is cut to 500 characters so one huge answer cannot bloat the event log', () => {
    const error = new ProviderError('provider_unavailable', 'Huge.', {
      details: { raw: 'x'.repeat(10_000) },
    });

    expect(providerAnswerOf(error)).toHaveLength(501);
  });

  it('is absent when nothing came back, or the error is not the provider’s', () => {
    expect(
      providerAnswerOf(new ProviderError('provider_unavailable', 'No answer.')),
    ).toBeUndefined();
    expect(providerAnswerOf(new ValidationError('invalid_phone', 'Bad phone.'))).toBeUndefined();
    expect(providerAnswerOf(new Error('boom'))).toBeUndefined();
  });
});
