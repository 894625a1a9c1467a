/** Values for `{name:Type}` query parameters, as clickhouse-js takes them. */
export type QueryParams = Record<string, string | number | boolean | null | readonly (string | number)[]>;
