import { Timestamp } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';
import { ticketSchema } from '../../store/documents.ts';
import { kindsForWrite } from './ticket-event.ts';

const base = {
  clientId: 'c1',
  customerId: 'u1',
  device: 'iPhone',
  status: 'in_repair',
  trackingCode: 'OM-1',
};
const parse = (data: Record<string, unknown>) => ticketSchema.parse(data);
const at = (iso: string) => Timestamp.fromDate(new Date(iso));

describe('kindsForWrite', () => {
  it.each([
    [
      'a registered customer’s new ticket',
      null,
      { ...base, status: 'received' },
      ['ticket_received'],
    ],
    [
      'a walk-in’s new ticket',
      null,
      { ...base, customerId: null, status: 'received' },
      ['walk_in_welcome'],
    ],
    ['a status change', base, { ...base, status: 'completed' }, ['status_completed']],
    ['an unrelated field', base, { ...base, device: 'iPhone 14' }, []],
    [
      'a new appointment',
      base,
      { ...base, appointmentAt: at('2026-03-05T10:00:00Z') },
      ['appointment_changed'],
    ],
    [
      'status and appointment together',
      { ...base, appointmentAt: at('2026-03-05T10:00:00Z') },
      { ...base, status: 'quote_pending', appointmentAt: at('2026-03-06T10:00:00Z') },
      ['status_quote_pending', 'appointment_changed'],
    ],
    [
      'the same appointment rewritten',
      { ...base, appointmentAt: at('2026-03-05T10:00:00Z') },
      { ...base, appointmentAt: at('2026-03-05T10:00:00Z') },
      [],
    ],
    [
      'an appointment removed',
      { ...base, appointmentAt: at('2026-03-05T10:00:00Z') },
      { ...base, appointmentAt: null },
      [],
    ],
  ])('%s', (_name, before, after, kinds) => {
    expect(kindsForWrite(before as Record<string, unknown> | null, parse(after))).toEqual(kinds);
  });
});
