import { describe, expect, it } from 'vitest';
import { ClickHouseFailure } from './errors.ts';
import { readQueryRequest } from './request.ts';

const read = (query: string, method: 'GET' | 'POST' = 'POST') =>
  readQueryRequest(new URLSearchParams(query), method);

describe('readQueryRequest', () => {
  it('tells the interface parameters, query parameters and settings apart', () => {
    const request = read(
      'query=INSERT+INTO+t+FORMAT+JSONEachRow&query_id=q1&database=onegrid&param_x=it%5C%27s' +
        '&insert_deduplication_token=tok&date_time_input_format=best_effort&wait_end_of_query=1' +
        '&enable_http_compression=1&send_progress_in_http_headers=1&user=default&password=secret',
    );
    expect(request).toEqual({
      urlQuery: 'INSERT INTO t FORMAT JSONEachRow',
      queryId: 'q1',
      database: 'onegrid',
      defaultFormat: 'TabSeparated',
      session: undefined,
      params: { x: "it\\'s" },
      settings: { insert_deduplication_token: 'tok', date_time_input_format: 'best_effort' },
      compressResponse: true,
    });
  });

  it('runs GET requests read-only (writes only on POST), as ClickHouse does', () => {
    expect(read('query=SELECT+1', 'GET').settings).toEqual({ readonly: '2' });
    expect(read('query=SELECT+1', 'POST').settings).toEqual({});
  });

  it('refuses a request that sets readonly or another guarded setting, on GET and POST', () => {
    for (const query of [
      'readonly=0',
      'readonly=1',
      'READONLY=0',
      'allow_ddl=1',
      'allow_introspection_functions=1',
      'profile=x',
    ]) {
      for (const method of ['GET', 'POST'] as const) {
        expect(() => read(`query=SELECT+1&${query}`, method), `${method} ${query}`).toThrow(/READONLY/);
      }
    }
  });

  it('reads a session with its timeout, check and close flags', () => {
    expect(read('session_id=abc&session_timeout=5&session_check=1').session).toEqual({
      id: 'abc',
      timeoutS: 5,
      mustExist: true,
      close: false,
    });
    expect(read('session_id=abc&close_session=1').session).toEqual({
      id: 'abc',
      timeoutS: 60,
      mustExist: false,
      close: true,
    });
  });

  it('refuses names that could not be a setting or a database, and impossible timeouts', () => {
    expect(() => read('max%20threads=1')).toThrow(ClickHouseFailure);
    expect(() => read('database=a;DROP')).toThrow(/Invalid database name/);
    expect(() => read('session_id=s&session_timeout=99999')).toThrow(/session_timeout/);
  });
});
