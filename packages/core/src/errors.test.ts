import { describe, expect, it } from 'vitest';
import { ConfigError, isLipwaError, LipwaError } from './errors.js';

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
