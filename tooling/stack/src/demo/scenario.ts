import type { Firestore } from 'firebase-admin/firestore';

/** Where the demo finds the running stack. */
export interface DemoTarget {
  db: Firestore;
  /** Twilio sandbox origin (inbound simulation, message list), or null with a real Twilio. */
  sandboxUrl: string | null;
  /** Pause between status changes, ms (default 2000; tests use less). */
  stepMs?: number;
  /** How long to wait for one step's notifications to leave the pipeline, ms (default 20 s). */
  stepTimeoutMs?: number;
  /** How long to wait for final statuses, ms (default 45 s). */
  settleMs?: number;
  log(line: string): void;
}

/** One demo customer: who they are, their ticket, and the ticket's walk. */
export interface DemoCustomer {
  label: string;
  clientId: string;
  customerId: string | null;
  ticketId: string;
  e164: string | null;
  /** Statuses the ticket goes through after `received`. */
  walk: string[];
  /** A reply this customer sends after the walk (channel, text). */
  reply?: { channel: 'sms' | 'whatsapp'; body: string };
  /** Statuses after the reply (e.g. picked up after STOP). */
  after?: string[];
}

/** A valid French mobile unique to this run (never one of the sandbox's magic numbers). */
function runMobile(run: number, n: number): string {
  const digits = String(((run * 7 + n * 7919) % 90_000_000) + 10_000_000);
  return `+336${digits.slice(0, 8)}`.replace(/^\+33600000/, '+33610000');
}

const consent = (channel: string, at: Date, source: string) => ({
  channel,
  granted: true,
  at,
  source,
  actor: source === 'counter' ? 'staff:demo' : 'customer:demo',
  wordingVersion: 'v2026-01',
});

/**
 * Writes the demo's customers (fresh ids and numbers every run, so the demo can run again on
 * the same stack) and returns them with the walk each ticket will take:
 * - a walk-in with SMS consent ticked at the counter, who later replies STOP;
 * - a registered customer on email + WhatsApp + push, who asks HORAIRES on WhatsApp;
 * - a walk-in who left only a landline and no consent (nothing can be sent: the reasons show);
 * - a walk-in from Réunion with consent (overseas price zone).
 */
export async function createDemoCustomers(
  db: Firestore,
  now = new Date(),
): Promise<DemoCustomer[]> {
  const run = Math.floor(now.getTime() / 1000);
  const id = (p: string) => `demo-${run.toString(36)}-${p}`;
  const jean = runMobile(run, 1);
  const zoe = runMobile(run, 2);
  const reunion = `+262692${String(run % 1_000_000).padStart(6, '0')}`;
  const batch = db.batch();
  batch.set(db.doc(`clients/${id('jean')}`), {
    name: 'Jean Martin',
    firstName: 'Jean',
    phone: `0${jean.slice(3, 4)} ${jean.slice(4, 6)} ${jean.slice(6, 8)} ${jean.slice(8, 10)} ${jean.slice(10, 12)}`,
    consent: { sms: consent('sms', now, 'counter') },
  });
  batch.set(db.doc(`clients/${id('zoe')}`), {
    name: 'Zoé Durand',
    firstName: 'Zoé',
    phone: null,
    customerId: id('zoe-u'),
  });
  batch.set(db.doc(`customer_profiles/${id('zoe-u')}`), {
    firstName: 'Zoé',
    lastName: 'Durand',
    email: `zoe.${run.toString(36)}@example.fr`,
    phoneNumber: zoe,
    notificationPreferences: {
      emailEnabled: true,
      smsEnabled: false,
      whatsappEnabled: true,
      pushEnabled: true,
    },
    pushTokens: [`fcm-demo-${run.toString(36)}`],
    clientId: id('zoe'),
    consent: {
      email: consent('email', now, 'registration'),
      whatsapp: consent('whatsapp', now, 'registration'),
      push: consent('push', now, 'registration'),
    },
  });
  batch.set(db.doc(`clients/${id('ahmed')}`), {
    name: 'Ahmed Benali',
    firstName: 'Ahmed',
    phone: '01 42 68 53 00',
  });
  batch.set(db.doc(`clients/${id('maelys')}`), {
    name: 'Maëlys Payet',
    firstName: 'Maëlys',
    phone: `0692 ${reunion.slice(7, 9)} ${reunion.slice(9, 11)} ${reunion.slice(11, 13)}`,
    consent: { sms: consent('sms', now, 'counter') },
  });
  await batch.commit();
  return [
    {
      label: 'Jean Martin — walk-in, SMS consent ticked at the counter',
      clientId: id('jean'),
      customerId: null,
      ticketId: id('t-jean'),
      e164: jean,
      walk: ['diagnosing', 'in_repair', 'completed'],
      reply: { channel: 'sms', body: 'STOP' },
      after: ['picked_up'],
    },
    {
      label: 'Zoé Durand — registered: email, WhatsApp and push',
      clientId: id('zoe'),
      customerId: id('zoe-u'),
      ticketId: id('t-zoe'),
      e164: zoe,
      walk: ['waiting_for_parts', 'completed'],
      reply: { channel: 'whatsapp', body: 'HORAIRES' },
    },
    {
      label: 'Ahmed Benali — walk-in, landline only, no consent',
      clientId: id('ahmed'),
      customerId: null,
      ticketId: id('t-ahmed'),
      e164: '+33142685300',
      walk: ['in_repair', 'completed'],
    },
    {
      label: 'Maëlys Payet — walk-in from La Réunion, SMS consent',
      clientId: id('maelys'),
      customerId: null,
      ticketId: id('t-maelys'),
      e164: reunion,
      walk: ['completed'],
    },
  ];
}
