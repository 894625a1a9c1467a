/*
 * Rows of the `tickets` table (shared-spec A) for the KPI wall's test: a fixed, countable set
 * of tickets over two weeks, written straight into the store where the ticket processor would.
 */

export interface TicketRow {
  ticket_id: string;
  district: string;
  street: string;
  category: string;
  source: string;
  priority: string;
  department: string;
  status: string;
  reported_at: string;
  accepted_at: string;
  first_resolved_at: string | null;
  resolved_at: string | null;
  reopened: number;
  satisfaction: number | null;
  limit_s: number;
  deadline: string;
  on_time: boolean | null;
  overdue: boolean;
  accept_s: number;
  resolve_s: number | null;
  version: number;
}

const HOUR = 3_600_000;
const CST = 8 * HOUR;

/** `YYYY-MM-DD hh:mm:ss.mmm` in Beijing time: how ClickHouse reads a DateTime64 in Asia/Shanghai. */
export const chTime = (ms: number): string =>
  new Date(ms + CST).toISOString().replace('T', ' ').replace('Z', '');

export const KPI_DISTRICTS = ['310101', '310104', '310115', '310120'] as const;
export const KPI_DEPARTMENTS = ['DEPT-DRAINAGE', 'DEPT-POWER', 'DEPT-URBAN-MGMT'] as const;

/**
 * Per day of `days` (midnights, Beijing), per district and department: `2 + (day + district) % 3`
 * tickets, resolved within 1-5 h against a 4 h limit (so some late), rated 3-5, the last one
 * of each set still open.
 */
export function ticketRows(days: readonly number[]): TicketRow[] {
  const rows: TicketRow[] = [];
  let n = 0;
  days.forEach((midnight, day) => {
    KPI_DISTRICTS.forEach((district, di) => {
      KPI_DEPARTMENTS.forEach((department, pi) => {
        const count = 2 + ((day + di) % 3);
        for (let k = 0; k < count; k++) {
          n += 1;
          const reported = midnight + (8 + k + pi) * HOUR;
          const open = k === count - 1;
          const resolveS = open ? null : (1 + ((n * 7) % 5)) * 3600;
          rows.push({
            ticket_id: `T-KPI-${String(n).padStart(6, '0')}`,
            district,
            street: `${district}001`,
            category: 'waterlogging',
            source: 'app',
            priority: 'normal',
            department,
            status: open ? 'dispatched' : 'rated',
            reported_at: chTime(reported),
            accepted_at: chTime(reported + 300_000),
            first_resolved_at: resolveS === null ? null : chTime(reported + resolveS * 1000),
            resolved_at: resolveS === null ? null : chTime(reported + resolveS * 1000),
            reopened: 0,
            satisfaction: open ? null : 3 + (n % 3),
            limit_s: 4 * 3600,
            deadline: chTime(reported + 4 * HOUR),
            on_time: resolveS === null ? null : resolveS <= 4 * 3600,
            overdue: false,
            accept_s: 300,
            resolve_s: resolveS,
            version: 1,
          });
        }
      });
    });
  });
  return rows;
}
