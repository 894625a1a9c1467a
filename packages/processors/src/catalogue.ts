import type { ProcessorDefinition } from '@onegrid/stream';
import type { z } from 'zod';
import { archiveProcessors } from './archive/archives.ts';
import type { ProcessorContext } from './context.ts';
import { hazardProcessor } from './hazard/hazard-processor.ts';
import { ticketsProcessor } from './tickets/tickets-processor.ts';
import { baselineProcessor, utilityProcessor } from './utility/utility-processor.ts';

type AnyProcessor = ProcessorDefinition<z.ZodType, unknown>;

/** Resident population per district code, from the store's `districts` table. */
async function districtPopulation(ctx: ProcessorContext): Promise<Map<string, number>> {
  const result = await ctx.clickhouse.query({
    query: 'SELECT code, toUInt32(argMax(population, updated_at)) AS population FROM districts GROUP BY code',
    format: 'JSONEachRow',
  });
  const rows = await result.json<{ code: string; population: number }>();
  return new Map(rows.map((r) => [r.code, Number(r.population)]));
}

/**
 * Every processor of onegrid, in start order: archives first (they feed the internal topics
 * the detectors read), then the detectors. `baselines` adds the two baseline inactivity rules
 * (for the scoring script: their alerts only reach the `baseline_alerts` table).
 */
export function processorCatalogue(options: { baselines?: boolean } = {}) {
  return async (ctx: ProcessorContext): Promise<AnyProcessor[]> => {
    const population = await districtPopulation(ctx);
    const all = [
      ...archiveProcessors(ctx),
      utilityProcessor(ctx),
      ...(options.baselines === true
        ? [baselineProcessor(ctx, 'two_day'), baselineProcessor(ctx, 'fixed_threshold')]
        : []),
      hazardProcessor(ctx, population),
      ticketsProcessor(ctx),
    ];
    // Each definition is typed by its own schema and output; the runner treats them alike.
    return all as unknown as AnyProcessor[];
  };
}

/** The processors of the main job. */
export const onegridProcessors = processorCatalogue();
