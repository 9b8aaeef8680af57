import { describe, expect, it } from 'vitest';
import { notificationKindForStatus, PRIORITY_BY_KIND, priorityOf } from './priorities.ts';
import type { NotificationKind, Priority, TicketStatus } from './types.ts';
import { NOTIFICATION_KINDS, TICKET_STATUSES } from './types.ts';

describe('PRIORITY_BY_KIND', () => {
  it.each<[NotificationKind, Priority]>([
    ['ticket_received', 'normal'],
    ['walk_in_welcome', 'normal'],
    ['status_diagnosing', 'low'],
    ['status_waiting_for_parts', 'low'],
    ['status_in_repair', 'low'],
    ['status_completed', 'high'],
    ['status_picked_up', 'low'],
    ['status_cancelled', 'normal'],
    ['status_quote_pending', 'high'],
    ['appointment_changed', 'high'],
    ['pickup_reminder_1', 'normal'],
    ['pickup_reminder_2', 'normal'],
    ['pickup_reminder_final', 'normal'],
    ['payment_reminder', 'critical'],
    ['staff_urgent', 'critical'],
    ['reply_help', 'high'],
    ['reply_status', 'high'],
    ['reply_hours', 'high'],
    ['reply_address', 'high'],
    ['reply_opt_out', 'high'],
    ['reply_opt_in', 'high'],
    ['reply_escalation_ack', 'high'],
  ])('%s is %s', (kind, priority) => {
    expect(PRIORITY_BY_KIND[kind]).toBe(priority);
    expect(priorityOf(kind)).toBe(priority);
  });

  it('covers every notification kind and nothing else', () => {
    expect(Object.keys(PRIORITY_BY_KIND).sort()).toEqual([...NOTIFICATION_KINDS].sort());
  });
});

describe('notificationKindForStatus', () => {
  it.each<[TicketStatus, NotificationKind]>([
    ['received', 'ticket_received'],
    ['diagnosing', 'status_diagnosing'],
    ['waiting_for_parts', 'status_waiting_for_parts'],
    ['in_repair', 'status_in_repair'],
    ['quote_pending', 'status_quote_pending'],
    ['completed', 'status_completed'],
    ['picked_up', 'status_picked_up'],
    ['cancelled', 'status_cancelled'],
  ])('%s → %s', (status, kind) => {
    expect(notificationKindForStatus(status)).toBe(kind);
    expect(notificationKindForStatus(status, { walkIn: false })).toBe(kind);
  });

  it('gives a walk-in the welcome (with registration link) when the ticket is received', () => {
    expect(notificationKindForStatus('received', { walkIn: true })).toBe('walk_in_welcome');
  });

  it.each(TICKET_STATUSES.filter((s) => s !== 'received'))(
    'walk-in flag does not change the kind for %s',
    (status) => {
      expect(notificationKindForStatus(status, { walkIn: true })).toBe(
        notificationKindForStatus(status),
      );
    },
  );

  it('always returns a known kind', () => {
    for (const status of TICKET_STATUSES) {
      expect(NOTIFICATION_KINDS).toContain(notificationKindForStatus(status));
    }
  });
});
