import { z } from 'zod';
import { districtCode } from './fields.ts';
import { timestamp } from './time.ts';

/** The colours of China's four-level warning signals, plus `none`, lowest first. */
export const riskLevel = z.enum(['none', 'blue', 'yellow', 'orange', 'red']);
export type RiskLevel = z.output<typeof riskLevel>;

const unit = z.number().min(0).max(1);

/** Normalised contributions to the score, 0..1. The four named ones are always present. */
export const riskComponentsSchema = z
  .object({
    wind: unit.describe('wind hazard, 0..1'),
    rain: unit.describe('rain hazard, 0..1'),
    water: unit.describe('water-level hazard, 0..1'),
    exposure: unit.describe('people and assets exposed, 0..1'),
  })
  .catchall(unit);

/** `onegrid.risk-scores` (key `district`): a district's typhoon risk at event time `ts`. */
export const riskScoreSchema = z
  .object({
    district: districtCode,
    ts: timestamp,
    score: z.number().min(0).max(100),
    level: riskLevel,
    components: riskComponentsSchema,
  })
  .meta({ title: 'Risk score', description: "A district's typhoon risk score." });

export type RiskScore = z.output<typeof riskScoreSchema>;
export type RiskComponents = z.output<typeof riskComponentsSchema>;
