import { z } from 'zod';
import { districtCode, id, positiveCount } from './fields.ts';
import { timestamp } from './time.ts';

export const resourceType = z.enum([
  'rescue_team',
  'boat',
  'pump',
  'vehicle',
  'generator',
  'sandbag_pallet',
  'medical_team',
]);

/** Values of a resource's `status`. */
export const resourceState = z.enum(['available', 'dispatched', 'on_site', 'returning', 'out_of_service']);

/**
 * `city.emergency.resources` (key `resource_id`): a status change of an emergency resource.
 * The latest status by event time (`ts`), not by arrival, is the resource's status.
 */
export const resourceStatusSchema = z
  .object({
    resource_id: id,
    ts: timestamp,
    type: resourceType,
    status: resourceState,
    district: districtCode,
    quantity: positiveCount.describe('units in this resource, ≥ 1'),
  })
  .meta({ title: 'Resource status', description: 'A status change of an emergency resource.' });

export type ResourceStatus = z.output<typeof resourceStatusSchema>;
