import { describe, expect, it } from 'vitest';
import { secretsEqual, stkPassword } from './password.js';
import { darajaSandbox } from './sandbox.js';

describe('stkPassword', () => {
  it("matches the portal's published vector for 20160216165627", () => {
    expect(stkPassword('174379', darajaSandbox.passkey, '20160216165627')).toBe(
      'MTc0Mzc5YmZiMjc5ZjlhYTliZGJjZjE1OGU5N2RkNzFhNDY3Y2QyZTBjODkzMDU5YjEwZjc4ZTZiNzJhZGExZWQyYzkxOTIwMTYwMjE2MTY1NjI3',
    );
  });

  it("matches the portal's published vector for 20210628092408", () => {
    expect(stkPassword('174379', darajaSandbox.passkey, '20210628092408')).toBe(
      'MTc0Mzc5YmZiMjc5ZjlhYTliZGJjZjE1OGU5N2RkNzFhNDY3Y2QyZTBjODkzMDU5YjEwZjc4ZTZiNzJhZGExZWQyYzkxOTIwMjEwNjI4MDkyNDA4',
    );
  });
});

describe('secretsEqual', () => {
  it('is true only for identical strings, whatever their lengths', () => {
    expect(secretsEqual('lipwa-simulator-secret', 'lipwa-simulator-secret')).toBe(true);
    expect(secretsEqual('lipwa-simulator-secret', 'lipwa-simulator-secreT')).toBe(false);
    expect(secretsEqual('short', 'a much longer secret')).toBe(false);
  });
});
