import { z } from 'zod';
import { id } from './fields.ts';
import { timestamp } from './time.ts';

/**
 * `city.hydro.water-levels` (key `gauge_id`): a river, tide, canal or underpass gauge level every
 * 1 to 5 minutes. Thresholds are in the gauge registry (`gaugeSchema`).
 */
export const waterLevelSchema = z
  .object({
    gauge_id: id,
    ts: timestamp,
    level_m: z.number().min(-50).max(200).describe("metres above the gauge's local datum"),
  })
  .meta({ title: 'Water level', description: 'A hydrology gauge level.' });

export type WaterLevel = z.output<typeof waterLevelSchema>;
