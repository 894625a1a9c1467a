import { z } from 'zod';
import { districtCode, id, label, latitude, longitude, personal, positiveCount } from './fields.ts';

// Reference data: compacted topics keyed by the record id, also loadable from files.

/**
 * A way to reach a household. PERSONAL DATA: `phone` and `name` may reach the alert gateway,
 * never a screen, a log line or an analytics table in clear (`decode` masks them in errors).
 */
export const householdContactSchema = z.object({
  role: label.describe('who this is to the household, e.g. "family", "self", "neighbour"'),
  phone: personal(z.string().regex(/^\+?[0-9][0-9 -]{4,30}$/, { error: 'phone number' }), 'phone number'),
  name: personal(label, "contact's name").optional(),
});

/** `city.registry.households` (key `household_id`). */
export const householdSchema = z
  .object({
    household_id: id,
    district: districtCode,
    street: id,
    community: id,
    grid: id.describe('grid (网格) id, e.g. "G-310101-0021"'),
    lives_alone: z.boolean().optional(),
    vulnerable: z.array(label).optional().describe('e.g. ["elderly"]'),
    grid_worker: id.optional().describe('the grid worker who visits this household, e.g. "GW-0042"'),
    // PERSONAL DATA (see householdContactSchema).
    name: personal(label, "resident's name").optional(),
    contacts: personal(z.array(householdContactSchema), 'who to call; personal data').optional(),
  })
  .meta({ title: 'Household', description: 'A registered household. Contains personal data.' });

export type HouseholdContact = z.output<typeof householdContactSchema>;
export type Household = z.output<typeof householdSchema>;

export const gaugeKind = z.enum(['river', 'tide', 'canal', 'underpass']);

/** `city.registry.gauges` (key `gauge_id`): 警戒水位 warning level < 保证水位 guarantee level. */
export const gaugeSchema = z
  .object({
    gauge_id: id,
    name: label,
    district: districtCode,
    lat: latitude,
    lon: longitude,
    kind: gaugeKind,
    warning_level_m: z.number().min(-50).max(200).describe('警戒水位, metres above local datum'),
    guarantee_level_m: z.number().min(-50).max(200).describe('保证水位, metres above local datum'),
  })
  .superRefine((gauge, ctx) => {
    if (!(gauge.warning_level_m < gauge.guarantee_level_m)) {
      ctx.addIssue({
        code: 'custom',
        path: ['warning_level_m'],
        message: `number < guarantee_level_m (${gauge.guarantee_level_m})`,
        input: gauge.warning_level_m,
      });
    }
  })
  .meta({ title: 'Gauge', description: 'A hydrology gauge and its thresholds.' });

export type Gauge = z.output<typeof gaugeSchema>;

/** `city.registry.stations` (key `station_id`): an automatic weather station. */
export const stationSchema = z
  .object({ station_id: id, name: label, district: districtCode, lat: latitude, lon: longitude })
  .meta({ title: 'Weather station', description: 'An automatic weather station.' });

export type Station = z.output<typeof stationSchema>;

/** `city.registry.shelters` (key `shelter_id`): an emergency shelter and how many it holds. */
export const shelterSchema = z
  .object({
    shelter_id: id,
    name: label,
    district: districtCode,
    lat: latitude,
    lon: longitude,
    capacity: positiveCount.describe('people the shelter holds'),
  })
  .meta({ title: 'Shelter', description: 'An emergency shelter.' });

export type Shelter = z.output<typeof shelterSchema>;
