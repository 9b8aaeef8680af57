import { type Firestore, Timestamp } from 'firebase-admin/firestore';

/** Sandbox-accepted sender settings (the sandbox needs a sender or a Messaging Service). */
export const SENDER_SETTINGS = {
  twilio: { smsFrom: 'OMEGA', whatsappFrom: 'whatsapp:+14155238886' },
};

export async function seedSettings(
  db: Firestore,
  extra: Record<string, unknown> = {},
): Promise<void> {
  await db.doc('settings/notifications').set({ ...SENDER_SETTINGS, ...extra });
}

export async function seedWalkIn(
  db: Firestore,
  id: string,
  client: Record<string, unknown> = {},
): Promise<void> {
  await db
    .doc(`clients/${id}`)
    .set({ name: 'Jean Martin', firstName: 'Jean', phone: '06 12 34 56 78', ...client });
}

export async function seedRegistered(
  db: Firestore,
  ids: { clientId: string; customerId: string },
  profile: Record<string, unknown> = {},
  client: Record<string, unknown> = {},
): Promise<void> {
  await db.doc(`clients/${ids.clientId}`).set({
    name: 'Zoé Durand',
    firstName: 'Zoé',
    phone: null,
    customerId: ids.customerId,
    ...client,
  });
  await db.doc(`customer_profiles/${ids.customerId}`).set({
    firstName: 'Zoé',
    lastName: 'Durand',
    email: 'zoe@example.fr',
    phoneNumber: '+33 6 98 76 54 32',
    notificationPreferences: {
      emailEnabled: true,
      smsEnabled: false,
      whatsappEnabled: true,
      pushEnabled: true,
    },
    pushTokens: [],
    clientId: ids.clientId,
    ...profile,
  });
}

export function ticket(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    clientId: 'c1',
    customerId: null,
    device: 'iPhone 13',
    status: 'received',
    trackingCode: 'OM-2603-0001',
    appointmentAt: null,
    ...overrides,
  };
}

/** A walk-in `c1` whose ticket `t1` was completed 72 h before the harness's clock (2026-02-27 09:00Z). */
export async function seedCompletedWalkInTicket(db: Firestore): Promise<void> {
  await seedWalkIn(db, 'c1');
  await db.doc('tickets/t1').set(
    ticket({
      clientId: 'c1',
      status: 'completed',
      completedAt: Timestamp.fromDate(new Date('2026-02-27T09:00:00Z')),
    }),
  );
}
