import { describe, expect, it } from 'vitest';
import { arrivalLimitS, parseTicketConfig, resolutionLimitS } from './config.ts';

describe('tickets > config', () => {
  const config = parseTicketConfig();

  it('gives life-safety categories and emergency priority 2 hours', () => {
    expect(resolutionLimitS(config, { category: 'trapped_people', priority: 'urgent' })).toBe(7200);
    expect(resolutionLimitS(config, { category: 'noise', priority: 'emergency' })).toBe(7200);
  });

  it('gives utilities 24 hours, general 7 days, complex 15 days, urgent priority at most 24 hours', () => {
    expect(resolutionLimitS(config, { category: 'water_supply', priority: 'normal' })).toBe(86_400);
    expect(resolutionLimitS(config, { category: 'noise', priority: 'normal' })).toBe(7 * 86_400);
    expect(resolutionLimitS(config, { category: 'property_dispute', priority: 'normal' })).toBe(15 * 86_400);
    expect(resolutionLimitS(config, { category: 'property_dispute', priority: 'urgent' })).toBe(86_400);
    expect(resolutionLimitS(config, { category: 'something_new', priority: 'normal' })).toBe(7 * 86_400);
  });

  it('lets a department have its own arrival limit', () => {
    const custom = parseTicketConfig({ departmentArrivalS: { 'DEPT-HOUSING': 3600 } });
    expect(arrivalLimitS(custom, 'DEPT-HOUSING')).toBe(3600);
    expect(arrivalLimitS(custom, 'DEPT-POLICE')).toBe(1800);
  });

  it('rejects a bad option, naming it', () => {
    expect(() => parseTicketConfig({ summonArrivalS: -5 })).toThrow(/summonArrivalS/);
    expect(() => parseTicketConfig({ categoryClasses: { noise: 'soon' as 'general' } })).toThrow(
      /categoryClasses/,
    );
  });
});
