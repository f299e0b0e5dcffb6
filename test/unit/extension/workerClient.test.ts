import { describe, expect, it } from 'vitest';
import { rowsMessage } from '../../../src/extension/workerClient';

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
