import { describe, expect, it } from 'vitest';
import { exampleWith, reasonFor } from './fixtures/messages.ts';
import { decode } from './parse.ts';
import { ticketEventSchema } from './ticket-events.ts';
import { TOPICS } from './topics.ts';

const REPORTED = 0;
const WHISTLE = 3;
const RATED = 7;
const ticket = (index: number, changes: Record<string, unknown> = {}) =>
  exampleWith(TOPICS.ticketEvents, changes, index);

describe('ticket-events > ticketEventSchema', () => {
  it('accepts an accepted event with no location (it may arrive before reported)', () => {
    const text = '{"ticket_id":"T-20260914-000999","event":"accepted","ts":"2026-09-14T08:03:40+08:00"}';
    const result = decode(ticketEventSchema, text);
    expect(result.ok && result.value.event).toBe('accepted');
  });

  it.each(['reopened', 'closed', 'cancelled'])('accepts a %s event', (event) => {
    const text = `{"ticket_id":"T-1","event":"${event}","ts":"2026-09-14T13:00:00+08:00"}`;
    expect(decode(ticketEventSchema, text).ok).toBe(true);
  });

  it('narrows the type by event', () => {
    const result = decode(ticketEventSchema, ticket(RATED));
    const satisfaction = result.ok && result.value.event === 'rated' ? result.value.satisfaction : 0;
    expect(satisfaction).toBe(4);
  });

  it('rejects an unknown event kind', () => {
    expect(reasonFor(ticketEventSchema, ticket(1, { event: 'teleported' }))).toMatch(
      /^event: expected one of "reported" \| "accepted" \| .* \| "cancelled", got "teleported"$/,
    );
  });

  it('rejects satisfaction 6', () => {
    expect(reasonFor(ticketEventSchema, ticket(RATED, { satisfaction: 6 }))).toBe(
      'satisfaction: expected integer from 1 to 5, got 6',
    );
  });

  it('rejects a fractional satisfaction', () => {
    expect(reasonFor(ticketEventSchema, ticket(RATED, { satisfaction: 4.5 }))).toBe(
      'satisfaction: expected integer from 1 to 5, got 4.5',
    );
  });

  it('rejects a whistle that summons nobody', () => {
    expect(reasonFor(ticketEventSchema, ticket(WHISTLE, { departments: [] }))).toBe(
      'departments: expected non-empty array, got []',
    );
  });

  it('rejects a dispatch without a department', () => {
    expect(reasonFor(ticketEventSchema, ticket(2, { department: undefined }))).toBe(
      'department: expected string, got nothing',
    );
  });

  it('rejects a report with a 4-digit district code', () => {
    expect(reasonFor(ticketEventSchema, ticket(REPORTED, { district: '3101' }))).toBe(
      'district: expected 6-digit district code, got "3101"',
    );
  });

  it('rejects a district code sent as a number', () => {
    expect(reasonFor(ticketEventSchema, ticket(REPORTED, { district: 310101 }))).toBe(
      'district: expected 6-digit district code, got 310101',
    );
  });

  it('rejects a report without a location', () => {
    expect(reasonFor(ticketEventSchema, ticket(REPORTED, { lat: undefined }))).toBe(
      'lat: expected number, got nothing',
    );
  });

  it('rejects an unknown source', () => {
    expect(reasonFor(ticketEventSchema, ticket(REPORTED, { source: 'fax' }))).toBe(
      'source: expected one of "app" | "hotline" | "grid_worker" | "ai_video" | "sensor", got "fax"',
    );
  });

  it('rejects an unknown priority', () => {
    expect(reasonFor(ticketEventSchema, ticket(REPORTED, { priority: 'high' }))).toBe(
      'priority: expected one of "normal" | "urgent" | "emergency", got "high"',
    );
  });
});
