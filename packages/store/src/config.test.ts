import { ConfigError } from '@onegrid/config';
import { describe, expect, it } from 'vitest';
import { openAnalystClient } from './client.ts';
import { loadStoreConfig } from './config.ts';

describe('config > loadStoreConfig', () => {
  it('defaults to embedded chDB in the project state folder', () => {
    const config = loadStoreConfig({});
    expect(config.CLICKHOUSE_URL).toBeUndefined();
    expect(config.CLICKHOUSE_DATABASE).toBe('onegrid');
    expect(config.ONEGRID_CHDB_PATH).toMatch(/\.onegrid[/\\]chdb$/);
  });

  it('treats an empty variable as unset', () => {
    expect(loadStoreConfig({ CLICKHOUSE_URL: '' }).CLICKHOUSE_URL).toBeUndefined();
  });

  it('accepts a server URL', () => {
    expect(loadStoreConfig({ CLICKHOUSE_URL: 'http://127.0.0.1:8123' }).CLICKHOUSE_URL).toBe(
      'http://127.0.0.1:8123',
    );
  });

  it('names the variable, the value and what was expected', () => {
    const error = (() => {
      try {
        loadStoreConfig({ CLICKHOUSE_URL: 'tcp://host:9000', CLICKHOUSE_DATABASE: 'drop table' });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('CONFIG_INVALID');
    expect((error as ConfigError).message).toContain(
      'CLICKHOUSE_URL="tcp://host:9000": expected an http(s) URL',
    );
    expect((error as ConfigError).message).toContain(
      'CLICKHOUSE_DATABASE="drop table": expected a ClickHouse identifier',
    );
  });

  it('opens an analyst client on a server with CLICKHOUSE_ANALYST_USER only', async () => {
    expect(
      await openAnalystClient(loadStoreConfig({ CLICKHOUSE_URL: 'http://127.0.0.1:8123' })),
    ).toBeUndefined();
    const client = await openAnalystClient(
      loadStoreConfig({ CLICKHOUSE_URL: 'http://127.0.0.1:8123', CLICKHOUSE_ANALYST_USER: 'analyst' }),
    );
    expect(client).toBeDefined();
    await client?.close();
  });
});
