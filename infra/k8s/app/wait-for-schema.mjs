// Init container of the processors and the server: waits until the cluster DDL (schema-job.yaml)
// has created onegrid's tables, so that no pod writes or reads before the schema exists.
// `meter_readings` is the first table the DDL creates; on the cluster it is a Distributed table,
// so a single-node table of that name (made by the app's own migrations) is reported, not accepted.
const url = new URL(process.env.CLICKHOUSE_URL ?? 'http://clickhouse-onegrid:8123');
url.searchParams.set('param_db', process.env.CLICKHOUSE_DATABASE ?? 'onegrid');
const headers = {
  'X-ClickHouse-User': process.env.CLICKHOUSE_USER ?? 'default',
  'X-ClickHouse-Key': process.env.CLICKHOUSE_PASSWORD ?? '',
};
const query =
  "SELECT engine FROM system.tables WHERE database = {db:String} AND name = 'meter_readings' FORMAT TabSeparated";
const deadline = Date.now() + Number(process.env.WAIT_FOR_SCHEMA_S ?? 1800) * 1000;

for (;;) {
  let state;
  try {
    const response = await fetch(url, {
      method: 'POST',
      body: query,
      headers,
      signal: AbortSignal.timeout(10_000),
    });
    const text = (await response.text()).trim();
    if (response.ok && text === 'Distributed') {
      console.log('cluster schema present');
      process.exit(0);
    }
    state = response.ok
      ? `meter_readings is ${text === '' ? 'missing' : `a ${text} table, not Distributed`}`
      : `HTTP ${response.status}`;
  } catch (error) {
    state = `ClickHouse unreachable: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (Date.now() > deadline) {
    console.error(`gave up waiting for the cluster schema (${state})`);
    process.exit(1);
  }
  console.log(`waiting for the cluster schema (${state})`);
  await new Promise((resolve) => setTimeout(resolve, 5_000));
}
