import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  ErrorCode,
  errorStatus,
  isLipwaError,
  LipwaError,
  ProviderError,
} from './errors.js';
import { problemStatus } from './protocol.js';

describe('ConfigError', () => {
  it('is a LipwaError with the stable code config_invalid, so callers can switch on it', () => {
    const error = new ConfigError('Pass tokens.secret (at least 32 bytes) in production.');

    expect(error).toBeInstanceOf(LipwaError);
    expect(isLipwaError(error)).toBe(true);
    expect(error.code).toBe('config_invalid');
    expect(error.name).toBe('ConfigError');
    expect(error.message).toBe('Pass tokens.secret (at least 32 bytes) in production.');
  });

  it('keeps the cause and details it was given', () => {
    const cause = new Error('ENOENT');
    const error = new ConfigError('The directory cannot be opened.', {
      cause,
      details: { option: 'directory' },
    });

    expect(error.cause).toBe(cause);
    expect(error.details).toEqual({ option: 'directory' });
  });
});

describe('ProviderError', () => {
  it('carries typed fields the server reads, and copies them into the safe details', () => {
    const error = new ProviderError('provider_unavailable', 'Cashfin answered 429.', {
      retryable: true,
      reason: 'subscriber_busy',
      providerCode: 'RATE_LIMITED',
      retryAfterMs: 30_000,
    });

    expect(error.retryable).toBe(true);
    expect(error.ambiguous).toBe(false);
    expect(error.reason).toBe('subscriber_busy');
    expect(error.providerCode).toBe('RATE_LIMITED');
    expect(error.retryAfterMs).toBe(30_000);
    expect(error.details).toMatchObject({ retryable: true, providerCode: 'RATE_LIMITED' });
  });

  it('defaults to not retryable and not ambiguous', () => {
    const error = new ProviderError('provider_rejected', 'No.');
    expect([error.retryable, error.ambiguous, error.reason]).toEqual([false, false, undefined]);
  });

  it('still reads the fields from details, as adapters written before the typed fields do', () => {
    const error = new ProviderError('provider_unavailable', 'Timed out.', {
      details: { ambiguous: true, retryable: false, providerCode: '500.001.1001' },
    });
    expect([error.ambiguous, error.providerCode]).toEqual([true, '500.001.1001']);
  });
});

describe('fields a caller branches on', () => {
  it('gives every LipwaError the HTTP status of its code', () => {
    expect(new LipwaError('session_paid', 'Paid.').statusCode).toBe(409);
    expect(new LipwaError('payment_not_found', 'Missing.').statusCode).toBe(404);
    expect(new ConfigError('Bad options.').statusCode).toBe(500);
    expect(new ProviderError('provider_unavailable', 'Down.').statusCode).toBe(502);
  });

  it('types retryable and providerCode on provider errors, not only in details', () => {
    const error = new ProviderError('provider_rejected', 'Refused.', {
      providerCode: '1032',
      retryable: true,
    });

    expect(error.providerCode).toBe('1032');
    expect(error.retryable).toBe(true);
    expect(new ProviderError('provider_unavailable', 'Down.').retryable).toBe(false);
  });

  it('keeps one HTTP status per code, the same as the problem details table', () => {
    for (const code of Object.values(ErrorCode)) {
      expect(errorStatus(code)).toBe(problemStatus[code].status);
    }
  });
});
