import { describe, expect, it } from 'vitest';
import { detectDatetimeFormat, formatDatetime, parseDatetime } from '../../../../src/core/csv/datetime';

describe('datetime formats', () => {
  it('parses as UTC wall-clock time: 2012-10-02 09:00:00 is Date.UTC(2012, 9, 2, 9)', () => {
    expect(parseDatetime('2012-10-02 09:00:00', 'YYYY-MM-DD HH:mm:ss')).toBe(Date.UTC(2012, 9, 2, 9, 0, 0));
  });

  it('round-trips every supported token', () => {
    const ms = Date.UTC(2019, 2, 3, 16, 7, 9, 45);
    for (const f of [
      'YYYY-MM-DD HH:mm:ss.SSS',
      'YYYY/MM/DD HH:mm',
      'MMM DD YYYY',
      'D MMMM YYYY',
      'MM/DD/YYYY hh:mm A',
      'YYYY-MM-DDTHH:mm:ssZ',
    ]) {
      const text = formatDatetime(ms, f);
      const back = parseDatetime(text, f);
      expect(formatDatetime(back, f)).toBe(text);
    }
    expect(formatDatetime(ms, 'MMM DD YYYY')).toBe('Mar 03 2019');
    expect(formatDatetime(ms, 'MM/DD/YYYY hh:mm A')).toBe('03/03/2019 04:07 PM');
  });

  it('rejects impossible dates', () => {
    expect(parseDatetime('2021-02-29', 'YYYY-MM-DD')).toBeNaN();
    expect(parseDatetime('2020-02-29', 'YYYY-MM-DD')).toBe(Date.UTC(2020, 1, 29));
    expect(parseDatetime('2020-13-01', 'YYYY-MM-DD')).toBeNaN();
    expect(parseDatetime('12:00 AM', 'hh:mm A')).toBe(Date.UTC(1970, 0, 1, 0, 0));
  });

  it('detects ISO dates and datetimes', () => {
    expect(detectDatetimeFormat(['2020-04-05', '2020-12-21'])?.format).toBe('YYYY-MM-DD');
    expect(detectDatetimeFormat(['2019-03-23 20:21:09', '2019-03-04 16:11:55'])?.format).toBe('YYYY-MM-DD HH:mm:ss');
    expect(detectDatetimeFormat(['2019/03/23 20:21', '2019/03/04 16:11'])?.format).toBe('YYYY/MM/DD HH:mm');
    expect(detectDatetimeFormat(['Mar 23 2019', 'Apr 04 2019'])?.format).toBe('MMM DD YYYY');
  });

  it('reads a time of day alone as that time on 1970-01-01, in its own format', () => {
    expect(detectDatetimeFormat(['08:15', '17:40', '23:05'])?.format).toBe('HH:mm');
    expect(detectDatetimeFormat(['8:05', '17:40:12'.slice(0, 5), '9:59'])?.format).toBe('H:mm');
    expect(detectDatetimeFormat(['0:25:08', '4:28:33', '1:50:48'])?.format).toBe('H:mm:ss');
    expect(detectDatetimeFormat(['8:05 PM', '11:40 AM'])?.format).toBe('h:mm A');
    expect(parseDatetime('17:40', 'HH:mm')).toBe(Date.UTC(1970, 0, 1, 17, 40));
    expect(formatDatetime(Date.UTC(1970, 0, 1, 7, 5, 9), 'H:mm:ss')).toBe('7:05:09');
    // Not a time: a minute past 59, an hour past 23, a score.
    expect(detectDatetimeFormat(['10:75', '11:80'])).toBeUndefined();
    expect(detectDatetimeFormat(['25:10', '31:40'])).toBeUndefined();
    expect(detectDatetimeFormat(['3:1', '2:0'])).toBeUndefined();
  });

  it('settles day/month order from the data', () => {
    expect(detectDatetimeFormat(['03/04/2020', '05/06/2020'])?.format).toBe('MM/DD/YYYY');
    expect(detectDatetimeFormat(['03/04/2020', '25/06/2020'])?.format).toBe('DD/MM/YYYY');
  });

  it('does not mistake numbers or words for dates', () => {
    expect(detectDatetimeFormat(['12345', '67890'])).toBeUndefined();
    expect(detectDatetimeFormat(['Adelie', 'Gentoo'])).toBeUndefined();
  });

  it('reports the second format of a mixed column', () => {
    const d = detectDatetimeFormat([
      '2020-01-05',
      '2020-02-06',
      '2020-03-07',
      '2020-04-08',
      '2020-05-09',
      '2020-06-10',
      '2020-07-11',
      '2020-08-12',
      '2020-09-13',
      '14/10/2020',
    ]);
    expect(d?.format).toBe('YYYY-MM-DD');
    expect(d?.share).toBeCloseTo(0.9);
    expect(d?.others[0]?.format.startsWith('DD/MM/YYYY')).toBe(true);
  });
});
