import type { FastifyInstance, FastifySchema } from 'fastify';
import { z } from 'zod';

/**
 * Routes declare zod schemas (the single source of each shape): fastify validates request parts
 * with them, and the OpenAPI document gets their JSON Schema. Failures become 400s naming the
 * part, the field and what was expected.
 */
export function useZodSchemas(app: FastifyInstance): void {
  app.setValidatorCompiler(({ schema, httpPart }) => {
    if (!(schema instanceof z.ZodType)) throw new Error(`route schema for ${httpPart} is not a zod schema`);
    return (data: unknown) => {
      const parsed = schema.safeParse(data);
      if (parsed.success) return { value: parsed.data };
      return { error: new Error(describeIssues(parsed.error, httpPart ?? 'request')) };
    };
  });
  // Responses are plain JSON; response schemas serve the documentation only.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
}

export function describeIssues(error: z.ZodError, part: string): string {
  const reasons = error.issues.map((issue) => {
    const path = issue.path.join('.');
    return path === '' ? issue.message : `${path}: ${issue.message}`;
  });
  return `${part}: ${reasons.join('; ')}`;
}

/** @fastify/swagger transform: zod schemas to JSON Schema (draft 2020-12, what a client may send). */
export function zodToOpenApi({ schema, url }: { schema: FastifySchema; url: string }) {
  if (schema === undefined || schema === null) return { schema, url };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (value instanceof z.ZodType) out[key] = toJson(value, 'input');
    else if (key === 'response' && value !== null && typeof value === 'object') {
      out.response = Object.fromEntries(
        Object.entries(value).map(([code, s]) => [code, s instanceof z.ZodType ? toJson(s, 'output') : s]),
      );
    } else out[key] = value;
  }
  return { schema: out as FastifySchema, url };
}

function toJson(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, {
    io,
    target: 'openapi-3.0',
    unrepresentable: 'any',
  });
  return json;
}
