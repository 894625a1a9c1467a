import { z } from 'zod';

export const ROLES = ['duty_officer', 'leader', 'analyst', 'display'] as const;
export const role = z.enum(ROLES, {
  error: (issue) => `unknown role ${JSON.stringify(issue.input)}; roles are ${ROLES.join(', ')}`,
});
export type Role = (typeof ROLES)[number];

/**
 * What each route needs, and which roles have it (shared-spec B). Registries are reference data
 * without personal data: every role may read them. `kpis` are ticket counts, rates and
 * durations per district, department or category, no personal data: the display role reads
 * them for the KPI wall, which never holds a leader's token. `metrics` is also open to
 * loopback callers.
 */
export const PERMISSIONS = {
  feed: ['duty_officer', 'leader', 'display'],
  state: ['duty_officer', 'leader', 'display'],
  history: ['duty_officer', 'leader', 'analyst'],
  kpis: ['duty_officer', 'leader', 'analyst', 'display'],
  registry: ['duty_officer', 'leader', 'analyst', 'display'],
  sql: ['analyst'],
  metrics: ['duty_officer', 'analyst'],
  /** Re-publishing dead letters changes what the pipeline has counted: the duty officer alone. */
  redrive: ['duty_officer'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function allows(permission: Permission, who: Role): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(who);
}
