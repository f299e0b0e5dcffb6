import { describe, expect, it } from 'vitest';
import { readMessage, rowsMessage } from '../../../src/extension/workerClient';

describe('rowsMessage', () => {
  it('says rows done of all before a rate is known', () => {
    expect(rowsMessage(0, 5_000_000, 0)).toBe('Generating rows… 0 of 5,000,000');
    expect(rowsMessage(0.01, 5_000_000, 0.5)).toBe('Generating rows… 50,000 of 5,000,000');
  });

  it('adds rows/s and the time left at that rate', () => {
    // 1,000,000 rows in 10 s: 100,000 rows/s; 4,000,000 left take 40 s.
    expect(rowsMessage(0.2, 5_000_000, 10)).toBe(
      'Generating rows… 1,000,000 of 5,000,000 (100,000 rows/s, about 40 s left)',
    );
    // 100,000 rows in 10 s: 10,000 rows/s; 4,900,000 left take 490 s, about 9 min.
    expect(rowsMessage(0.02, 5_000_000, 10)).toBe(
      'Generating rows… 100,000 of 5,000,000 (10,000 rows/s, about 9 min left)',
    );
  });
});

describe('readMessage', () => {
  it('says megabytes and rows read before a rate is known', () => {
    expect(readMessage({ bytes: 4_194_304, totalBytes: 60_000_000, rows: 36_000 }, 0.4)).toBe(
      'Reading… 4.2 of 60.0 MB, 36,000 rows',
    );
  });

  it('adds rows/s and the time left at the rate the bytes go', () => {
    // 15,000,000 of 60,000,000 bytes in 10 s: 45,000,000 left at 1,500,000 bytes/s take 30 s;
    // 130,000 rows in 10 s: 13,000 rows/s.
    expect(readMessage({ bytes: 15_000_000, totalBytes: 60_000_000, rows: 130_000 }, 10)).toBe(
      'Reading… 15.0 of 60.0 MB, 130,000 rows (13,000 rows/s, about 30 s left)',
    );
    // 1 GB of 10 GB in 100 s (sizes in GB from 1 GB): 9 GB left at 10 MB/s take 900 s, 15 min.
    expect(readMessage({ bytes: 1e9, totalBytes: 1e10, rows: 9_000_000 }, 100)).toBe(
      'Reading… 1.00 of 10.00 GB, 9,000,000 rows (90,000 rows/s, about 15 min left)',
    );
  });

  it('gives megabytes per second while no row is decoded yet (a Parquet file being fingerprinted), and no time left once every byte is read', () => {
    expect(readMessage({ bytes: 20_000_000, totalBytes: 40_000_000, rows: 0 }, 2)).toBe(
      'Reading… 20.0 of 40.0 MB (10.0 MB/s, about 2 s left)',
    );
    expect(readMessage({ bytes: 40_000_000, totalBytes: 40_000_000, rows: 250_000 }, 5)).toBe(
      'Reading… 40.0 of 40.0 MB, 250,000 rows (50,000 rows/s)',
    );
  });
});
