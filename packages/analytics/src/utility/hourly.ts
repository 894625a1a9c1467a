/**
 * Rows of `household_usage_hourly` (shared spec A): usage attributed to the hour it was used,
 * with the readings that fell in the hour (0 = no data, which is not zero use). The schema
 * lives here until the table has a contract of its own.
 */
import { timestamp, toEpochMs } from '@onegrid/contracts';
import { z } from 'zod';

export const householdUsageHourSchema = z.object({
  household_id: z.string().min(1),
  /** Start of the hour, ISO-8601 with +08:00. */
  hour: timestamp,
  water_m3: z.number().min(0),
  electricity_kwh: z.number().min(0),
  water_readings: z.int().min(0).max(65_535),
  electricity_readings: z.int().min(0).max(65_535),
  /** Newest wins (ReplacingMergeTree): the watermark, in ms, when the row was emitted. */
  version: z.int().min(0),
  /**
   * The newest water / electricity reading of the household taken in when the row was emitted
   * (epoch 0: none yet; null: unknown). A restarted detector adds to a stored hour only the
   * readings after it: the ones up to it are counted already, or came too late to count.
   */
  water_reading_through: timestamp.nullable(),
  electricity_reading_through: timestamp.nullable(),
  /** The inactivity model that judged the household when the row was written: learnt or default. */
  model: z.enum(['learnt', 'default', '']).default(''),
  /** 1 when the hour belongs to an inactivity alert: it is never learnt from. */
  in_alert: z.int().min(0).max(1).default(0),
});

export type HouseholdUsageHour = z.output<typeof householdUsageHourSchema>;

/** A stored row to seed history with: `hour` as epoch ms or ISO-8601 with an offset. */
export const seedRowSchema = householdUsageHourSchema
  .omit({
    household_id: true,
    version: true,
    hour: true,
    water_reading_through: true,
    electricity_reading_through: true,
    model: true,
  })
  .extend({ hour: z.union([z.number(), timestamp]) });

export type SeedRow = z.input<typeof seedRowSchema>;

/**
 * What the stored rows of a household had taken in: its highest marks, which are its newest
 * emission's (marks only grow), and every emission re-emits the hours its new readings changed,
 * so they hold for all its rows. Epoch ms; undefined when unknown (the hours are then final).
 */
export interface ReadingsTaken {
  water: number | undefined;
  electricity: number | undefined;
}

export const seedHourMs = (row: SeedRow): number =>
  typeof row.hour === 'number' ? row.hour : toEpochMs(row.hour);
