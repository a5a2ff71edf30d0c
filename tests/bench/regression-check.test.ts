import { describe, expect, it } from 'vitest';
import { parseBenchOptions } from '../../bench/bench-options.js';
import { summarise } from '../../bench/measure.js';
import { compareWithBaseline, ratiosOf } from '../../bench/regression-check.js';
import { committed, run } from './quick-run-of-rates.js';

describe('the benchmark regression check', () => {
  it('passes a run on a machine three times slower whose ratios are unchanged: absolute times never fail it', () => {
    const slower = run({ import: 40_000, raw: 80_000, read: 50_000, rawRead: 100_000, rxjs: 90_000, loop: 100_000 }, 1 / 3);
    expect(compareWithBaseline(slower, committed)).toEqual([]);
  });

  it('passes a ratio that fell, but not below half of the committed one', () => {
    const worse = run({ import: 21_000, raw: 80_000, read: 26_000, rawRead: 100_000, rxjs: 46_000, loop: 100_000 });
    expect(compareWithBaseline(worse, committed)).toEqual([]);
  });

  it('fails, naming it, each ratio that fell below half of the committed one', () => {
    const regressed = run({ import: 18_000, raw: 80_000, read: 50_000, rawRead: 100_000, rxjs: 40_000, loop: 100_000 });
    const failures = compareWithBaseline(regressed, committed);
    expect(failures).toHaveLength(2);
    expect(failures[0]).toMatch(/^import \/ raw insert fell to 0\.225 from 0\.500/);
    expect(failures[1]).toMatch(/^RxJS catch-up \/ plain loop fell to 0\.400 from 0\.900/);
  });

  it('fails a ratio that could not be measured rather than passing it', () => {
    const broken = run({ import: Number.NaN, raw: 80_000, read: 50_000, rawRead: 100_000, rxjs: 90_000, loop: 100_000 });
    expect(compareWithBaseline(broken, committed)).toHaveLength(1);
  });

  it('compares the read ratio of the paired slices where a run has them, and the whole-log rounds of a run before them', () => {
    const paired = { ...committed, readAll: summarise([40_000]), readRatioPaired: summarise([0.52, 0.55, 0.61, 0.49, 0.57, 0.58, 0.53, 0.56]) };
    expect(ratiosOf(paired)['read all / raw read']).toBe(0.55);
    expect(ratiosOf(committed)['read all / raw read']).toBe(0.5);
    // A baseline committed before the slices compares with the new figure all the same.
    expect(compareWithBaseline(paired, committed)).toEqual([]);
  });

  it('compares the same three side-by-side ratios the committed quick run holds', () => {
    expect(Object.keys(ratiosOf(committed))).toEqual(['import / raw insert', 'read all / raw read', 'RxJS catch-up / plain loop']);
  });
});

describe('the benchmark options', () => {
  it('makes --check a quick run of the ratios only: no Emmett, no HTTP, within 3 minutes', () => {
    expect(parseBenchOptions(['--quick', '--check'])).toMatchObject({ quick: true, check: true, events: 100_000, emmett: false, http: false, budgetMinutes: 3 });
  });

  it('runs the full run at a million events with Emmett at 100,000 and HTTP, within a 19-minute budget', () => {
    expect(parseBenchOptions([])).toMatchObject({ quick: false, events: 1_000_000, rounds: 3, emmett: true, emmettEvents: 100_000, http: true, budgetMinutes: 19 });
  });

  it('leaves Emmett out of a quick run unless asked for', () => {
    expect(parseBenchOptions(['--quick']).emmett).toBe(false);
    expect(parseBenchOptions(['--quick', '--emmett']).emmett).toBe(true);
  });

  it('refuses an unknown argument or a value that is not a number', () => {
    expect(() => parseBenchOptions(['--quik'])).toThrow(/unknown argument "--quik"/);
    expect(() => parseBenchOptions(['--events', 'many'])).toThrow(/--events needs a number/);
    expect(() => parseBenchOptions(['--rounds', '0'])).toThrow(/rounds/);
  });
});
