import { z } from 'zod';
import { id } from './fields.ts';
import { timestamp } from './time.ts';

/** The register unit of each meter kind: water in cubic metres, electricity in kilowatt-hours. */
export const METER_UNITS = { water: 'm3', electricity: 'kWh' } as const;

export const meterKind = z.enum(['water', 'electricity']);
export type MeterKind = z.output<typeof meterKind>;

/**
 * `city.sensor.meter-readings` (key `meter_id`): one cumulative register reading per meter
 * about every 15 minutes. Usage is the difference of two readings; `reset: true` marks a
 * replaced meter, whose counting restarts from `reading`. `unit` must match `kind`.
 */
export const meterReadingSchema = z
  .object({
    meter_id: id,
    household_id: id,
    kind: meterKind,
    ts: timestamp,
    reading: z.number().min(0).describe('cumulative register value, in `unit`'),
    unit: z.enum(['m3', 'kWh']),
    reset: z.boolean().optional().describe('true when the meter was replaced: counting restarts'),
  })
  .superRefine((value, ctx) => {
    // Runs only once `kind` and `unit` are valid enum members; the guard keeps it safe regardless.
    const unit = METER_UNITS[value.kind] as string | undefined;
    if (unit !== undefined && value.unit !== unit) {
      ctx.addIssue({
        code: 'custom',
        path: ['unit'],
        message: `"${unit}" (the unit of kind "${value.kind}")`,
        input: value.unit,
      });
    }
  })
  .meta({ title: 'Meter reading', description: 'A smart utility meter cumulative reading.' });

export type MeterReading = z.output<typeof meterReadingSchema>;
