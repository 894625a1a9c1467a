import { describe, expect, it } from 'vitest';
import { parseTyphoonConfig } from './config.ts';
import { DistrictRiskModel } from './district-model.ts';
import { TyphoonError } from './errors.ts';
import { registry } from './test-fixtures.ts';

describe('config > parseTyphoonConfig', () => {
  it('defaults every setting', () => {
    expect(parseTyphoonConfig({})).toMatchObject({
      stepMs: 300_000,
      resolveHoldMs: 3_600_000,
      exposureWeight: 0.1,
    });
  });

  it('names the bad field', () => {
    expect(() => parseTyphoonConfig({ stepMs: -5 })).toThrow(/stepMs/);
    const error = (() => {
      try {
        parseTyphoonConfig({ exposureWeight: 3 });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(TyphoonError);
    expect((error as TyphoonError).code).toBe('INVALID_CONFIG');
  });

  it('refuses a district code that is not 6 digits', () => {
    expect(() => new DistrictRiskModel({}, registry({ district: '3101' }))).toThrow(TyphoonError);
  });
});

describe('config > exposure in the model', () => {
  it('rises as the district’s shelters fill', () => {
    const m = new DistrictRiskModel({}, registry());
    const empty = m.assess(0).exposure.value;
    m.setShelterFree(100);
    expect(m.assess(0).exposure.value).toBeGreaterThan(empty);
  });
});
