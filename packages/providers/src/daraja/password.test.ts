import { describe, expect, it } from 'vitest';
import { darajaPassword, darajaTimestamp, parseDarajaTimestamp } from './password.js';
import { sandbox } from './test-payloads.js';

/** Independent of the code under test: plain concatenation, Latin-1 safe `btoa`. */
function expectedPassword(timestamp: string): string {
  return btoa(`${sandbox.shortcode}${sandbox.passkey}${timestamp}`);
}

describe('darajaPassword', () => {
  it('matches the portal literal for timestamp 20160216165627', () => {
    expect(darajaPassword(sandbox.shortcode, sandbox.passkey, '20160216165627')).toBe(
      'MTc0Mzc5YmZiMjc5ZjlhYTliZGJjZjE1OGU5N2RkNzFhNDY3Y2QyZTBjODkzMDU5YjEwZjc4ZTZiNzJhZGExZWQyYzkxOTIwMTYwMjE2MTY1NjI3',
    );
  });

  it.each(['20160216165627', '20210628092408'])(
    'is base64 of shortcode + passkey + %s concatenated',
    (timestamp) => {
      expect(darajaPassword(sandbox.shortcode, sandbox.passkey, timestamp)).toBe(
        expectedPassword(timestamp),
      );
    },
  );

  it('decodes back to the three parts in order', () => {
    const password = darajaPassword('600000', 'pass', '20240101000000');

    expect(atob(password)).toBe('600000pass20240101000000');
  });
});

describe('darajaTimestamp', () => {
  it('formats an instant in Nairobi time (UTC+3) by default', () => {
    const instant = Date.UTC(2021, 5, 28, 6, 24, 8);

    expect(darajaTimestamp(instant)).toBe('20210628092408');
  });

  it('formats the same instant in UTC when asked', () => {
    expect(darajaTimestamp(Date.UTC(2021, 5, 28, 6, 24, 8), 'UTC')).toBe('20210628062408');
  });

  it('rolls over to the next day in Nairobi before UTC midnight', () => {
    const lateUtc = Date.UTC(2023, 11, 31, 22, 30, 5);

    expect(darajaTimestamp(lateUtc)).toBe('20240101013005');
  });

  it('pads every field to two digits', () => {
    expect(darajaTimestamp(Date.UTC(2024, 0, 2, 0, 3, 4), 'UTC')).toBe('20240102000304');
  });

  it('refuses an instant that is not a finite number', () => {
    expect(() => darajaTimestamp(Number.NaN)).toThrow(RangeError);
  });
});

describe('parseDarajaTimestamp', () => {
  it('reads a Nairobi wall time as a UTC instant', () => {
    expect(parseDarajaTimestamp(20191219102115)).toBe('2019-12-19T07:21:15.000Z');
  });

  it('reads UTC wall time unchanged when told the zone is UTC', () => {
    expect(parseDarajaTimestamp('20191219102115', 'UTC')).toBe('2019-12-19T10:21:15.000Z');
  });

  it('round-trips with darajaTimestamp', () => {
    const instant = Date.UTC(2025, 2, 1, 12, 0, 59);

    expect(parseDarajaTimestamp(darajaTimestamp(instant))).toBe(new Date(instant).toISOString());
  });

  it.each(['2019121910211', '20190231102115', '20191219256000', 'abc', '201912191021150'])(
    'returns undefined for %s, which is not a real time',
    (value) => {
      expect(parseDarajaTimestamp(value)).toBeUndefined();
    },
  );
});
