// What one matrix run left in its store, as JSON for summarize-matrix.ts: the scored truth (in
// the inactivity scope), every stored alert of onegrid and of both inactivity baseline rules, the
// water_running and meter_offline baseline rules' findings (event-baselines.ts), and each
// household's share of hours on its learnt model. Reads a kept run (score-scenario.ts --work DIR)
// without replaying it, so the matrix can be summed over seeds with one scoring.
//
//   node test/scoring/dump-run.ts RUN.work OUT.json
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { toEpochMs } from '@onegrid/contracts';
import { loadStoreConfig, migrate, openStore } from '@onegrid/store';
import { learntShares, scopedTruth, storedAlerts } from './alerts-vs-truth.ts';
import { eventBaselines } from './event-baselines.ts';

const [work, out] = process.argv.slice(2);
if (work === undefined || out === undefined) throw new Error('usage: dump-run.ts RUN.work OUT.json');
const truth = (await readFile(path.join(work, 'truth', 'truth.jsonl'), 'utf8'))
  .split('\n')
  .filter((line) => line.length > 0)
  .map((line) => JSON.parse(line) as Record<string, unknown>);
const scenario = truth.find((e) => e.type === 'scenario') as { start: string; end: string } | undefined;
if (scenario === undefined) throw new Error(`${work}: the truth has no scenario entry`);
const store = await openStore(
  loadStoreConfig({ ...process.env, ONEGRID_CHDB_PATH: path.join(work, 'chdb') }),
);
try {
  await migrate(store.client);
  const { entries, outOfScopeIncidents } = await scopedTruth(store.client, truth);
  const alerts = {
    onegrid: await storedAlerts(
      store.client,
      'alerts',
      "type IN ('utility_inactivity', 'water_running', 'meter_offline')",
    ),
    two_day: await storedAlerts(store.client, 'baseline_alerts', "detector = 'two_day'"),
    fixed_threshold: await storedAlerts(store.client, 'baseline_alerts', "detector = 'fixed_threshold'"),
    // water_running and meter_offline baselines, applied to the stored hours and readings.
    ...(await eventBaselines(store.client)),
  };
  const shares = await learntShares(store.client, toEpochMs(scenario.start), toEpochMs(scenario.end));
  await writeFile(
    out,
    `${JSON.stringify({ truth: entries, outOfScopeIncidents, alerts, shares: [...shares] })}\n`,
  );
} finally {
  await store.close();
}
