import { z } from 'zod';
import { districtCode, id, positiveCount } from './fields.ts';
import { timestamp } from './time.ts';

/**
 * `transferred`: people moved out of a danger zone (counted in `district`, where they came
 * from); `check_in` / `check_out`: people arriving at / leaving the shelter.
 */
export const evacuationAction = z.enum(['transferred', 'check_in', 'check_out']);

/**
 * `city.emergency.evacuations` (key `shelter_id`). `event_id` is unique: the same id twice is one
 * event (consumers deduplicate on it). `shelter_id` is required because it is the message key.
 */
export const evacuationSchema = z
  .object({
    event_id: id,
    ts: timestamp,
    shelter_id: id,
    district: districtCode,
    action: evacuationAction,
    people: positiveCount.describe('number of people, ≥ 1'),
  })
  .meta({ title: 'Evacuation event', description: 'People transferred, checked in or out of a shelter.' });

export type Evacuation = z.output<typeof evacuationSchema>;
