-- What each derived ticket duration measures, said where analysts read it (issue 21): the old
-- comment of resolve_s named the first resolution, while the tickets processor has always taken
-- the last one (packages/analytics/src/tickets/README.md, "Stage times"), which differs for a
-- reopened ticket. Comments only: no data changes.
ALTER TABLE tickets COMMENT COLUMN accept_s 'Response time (受理时长), seconds: accepted_at − reported_at, to the FIRST acceptance; a reopening does not restart it. The p50/p90 response of the KPI wall. NULL: not accepted yet. Negative: the reporting and accepting clocks disagree (kept, not hidden).';

ALTER TABLE tickets COMMENT COLUMN dispatch_s 'Seconds from reported_at to the FIRST dispatch (dispatched_at). NULL: not dispatched yet.';

ALTER TABLE tickets COMMENT COLUMN resolve_s 'Time to resolve (处置时长), seconds: resolved_at − reported_at, to the LAST resolution. For a reopened ticket it spans every round, from the first report to the resolution that ended the latest round (first_resolved_at − reported_at gives the first round alone); while a reopened ticket is open again it keeps the previous resolution. NULL: never resolved.';

ALTER TABLE tickets COMMENT COLUMN feedback_s 'Seconds from reported_at to the LAST feedback to the citizen (feedback_at). NULL: none yet.';

ALTER TABLE tickets COMMENT COLUMN rate_s 'Seconds from reported_at to the LAST rating (rated_at). NULL: not rated.';

ALTER TABLE tickets COMMENT COLUMN on_time 'Resolved within its time limit (按时办结), by the current round: resolved: resolved_at ≤ deadline (the last resolution, so a ticket reopened and resolved again after its deadline is false). Cancelled: NULL. Closed without a resolution: false if closed after the deadline, else NULL. Open (or reopened): false once the stream watermark passes the deadline, else NULL. The deadline is reported_at + limit_s and does not move on reopening.';

ALTER TABLE ticket_summons COMMENT COLUMN arrive_s 'Seconds from the first whistle naming the department (whistle_at) to its first arrival (arrived_at). NULL: not arrived.';
