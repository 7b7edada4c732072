import { describe, expect, it } from 'vitest';
import { base64Utf8 } from './base64.js';

describe('base64Utf8', () => {
  it('matches btoa for plain ASCII such as key:secret', () => {
    expect(base64Utf8('GvzjNnYgNJtwgwfLBkZh65VPwfuKvs0V:oOpJICRVlyrGSAkM')).toBe(
      btoa('GvzjNnYgNJtwgwfLBkZh65VPwfuKvs0V:oOpJICRVlyrGSAkM'),
    );
  });

  it('encodes characters outside Latin-1 as UTF-8 instead of throwing', () => {
    expect(base64Utf8('ké€')).toBe('a8Op4oKs');
  });

  it('encodes the empty string as the empty string', () => {
    expect(base64Utf8('')).toBe('');
  });
});
