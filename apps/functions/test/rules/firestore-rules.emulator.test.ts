// What firestore.rules decides, asked of an emulator that evaluates security rules, with
// @firebase/rules-unit-testing: browsers and apps (anonymous, a signed-in customer, a staff
// account with the `staff` and `admin` claims) never read or write omega-notify's collections,
// and the conservative default rules of the shop's collections do what their comments say.
//
// When it runs: only in the `rules` vitest project, which vitest.config.ts includes when
// FIRESTORE_EMULATOR_HOST names an emulator that evaluates rules (the official Firestore
// emulator: `firebase emulators:start --only firestore`, Java 21). The embedded
// Firestore-protocol server the other suites use does not evaluate rules, and the official
// emulator cannot be installed on every machine (it downloads a jar), so without one this file
// is not collected at all (one line printed says why) rather than reported skipped. The static
// checks of the same file (test/firestore-rules.test.ts) run everywhere.
//
//   firebase emulators:start --only firestore --project demo-omega-rules   # port 8080
//   FIRESTORE_EMULATOR_HOST=127.0.0.1:8080 pnpm --filter @omega/functions exec vitest run --configLoader runner --project rules

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  assertFails,
  assertSucceeds,
  initializeTestEnvironment,
  type RulesTestContext,
  type RulesTestEnvironment,
} from '@firebase/rules-unit-testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { COLLECTIONS } from '../../src/store/collections.ts';

const repo = new URL('../../../../', import.meta.url).pathname;

/** One document path per collection of omega-notify's (sub-collections included). */
const OURS = [
  'notification_history/n1',
  'notification_history/n1/status_events/SM1_delivered',
  'send_claims/n1~1',
  'contact_counts/+33612345678',
  'pickup_reminders/t1~pickup_reminder_1~1767600000000',
  'quote_chasers/t1~quote_reminder_1~1767600000000',
  'suppressions/+33612345678',
  'consent_log/r1',
  'conversations/+33612345678',
  'conversations/+33612345678/messages/SM2',
  'conversations/+33612345678/acks/123456',
  'settings/notifications',
  'stats_daily/2026-01-05',
  'stats_monthly/2026-01',
  'stats_coverage/current',
  'alerts/budget_2026-01_warning',
  'short_links/Ab3dE5fG7h',
  'push_outbox/n1',
  'ticket_actions/sid_SM3',
] as const;

let env: RulesTestEnvironment;

beforeAll(async () => {
  env = await initializeTestEnvironment({
    projectId: 'demo-omega-rules',
    firestore: { rules: readFileSync(join(repo, 'firestore.rules'), 'utf8') },
  });
});

afterAll(async () => {
  await env?.cleanup();
});

beforeEach(async () => {
  await env.clearFirestore();
  await env.withSecurityRulesDisabled(async (admin) => {
    const db = admin.firestore();
    for (const path of OURS) await db.doc(path).set({ seeded: true });
    await db
      .doc('clients/c1')
      .set({ name: 'Léa Martin', phone: '06 12 34 56 78', customerId: 'u1' });
    await db
      .doc('tickets/t1')
      .set({ clientId: 'c1', customerId: 'u1', status: 'in_repair', shortLinkGeneration: 1 });
    await db.doc('tickets/t2').set({ clientId: 'c2', customerId: 'u2', status: 'completed' });
    await db.doc('customer_profiles/u1').set({
      firstName: 'Léa',
      lastName: 'Martin',
      email: 'lea@example.com',
      phoneNumber: '+33612345678',
      notificationPreferences: {
        emailEnabled: true,
        smsEnabled: false,
        whatsappEnabled: false,
        pushEnabled: true,
      },
      clientId: 'c1',
    });
    await db.doc('customer_profiles/u2').set({ firstName: 'Marc', lastName: 'Durand' });
  });
});

const anonymous = () => env.unauthenticatedContext();
const customer = (uid = 'u1') => env.authenticatedContext(uid);
const staff = () => env.authenticatedContext('staff1', { staff: true, admin: true });
const who: Array<[string, () => RulesTestContext]> = [
  ['anonymous', anonymous],
  ['a signed-in customer', customer],
  ['a staff account', staff],
];

describe("omega-notify's collections: the functions only", () => {
  it('lists one document of every collection (src/store/collections.ts, messages and acks)', () => {
    const names = new Set(OURS.flatMap((p) => p.split('/').filter((_, i) => i % 2 === 0)));
    const shop: string[] = [COLLECTIONS.clients, COLLECTIONS.profiles, COLLECTIONS.tickets];
    expect(Object.values(COLLECTIONS).filter((c) => !names.has(c) && !shop.includes(c))).toEqual(
      [],
    );
  });

  describe.each(who)('%s', (_, context) => {
    it.each(OURS)('cannot read, create, update or delete %s', async (path) => {
      const db = context().firestore();
      await assertFails(db.doc(path).get());
      await assertFails(db.doc(`${path}-new`).set({ x: 1 }));
      await assertFails(db.doc(path).update({ x: 1 }));
      await assertFails(db.doc(path).delete());
    });
  });

  it('refuses a collection no rule names', async () => {
    await assertFails(staff().firestore().doc('anything/x').get());
    await assertFails(staff().firestore().doc('anything/x').set({ x: 1 }));
  });
});

describe('clients (the shop’s default rules)', () => {
  it('staff read and write them, nobody else', async () => {
    await assertSucceeds(staff().firestore().doc('clients/c1').get());
    await assertSucceeds(
      staff().firestore().doc('clients/c3').set({ name: 'Nouveau', phone: null }),
    );
    await assertSucceeds(staff().firestore().doc('clients/c1').update({ name: 'Léa Martin-Roy' }));
    await assertFails(customer().firestore().doc('clients/c1').get());
    await assertFails(anonymous().firestore().doc('clients/c1').get());
    await assertFails(customer().firestore().doc('clients/c9').set({ name: 'x' }));
  });

  it.each(['consent', 'notificationPreferences', 'phoneStatus', 'whatsappLastInboundAt'])(
    'staff cannot write %s (the functions own it)',
    async (field) => {
      await assertFails(
        staff()
          .firestore()
          .doc('clients/c1')
          .update({ [field]: {} }),
      );
      await assertFails(
        staff()
          .firestore()
          .doc('clients/c4')
          .set({ name: 'x', [field]: {} }),
      );
    },
  );

  it('nobody deletes one (erasure is the staff API’s)', async () => {
    await assertFails(staff().firestore().doc('clients/c1').delete());
  });
});

describe('tickets (the shop’s default rules)', () => {
  it('staff read and write them; a customer reads their own only', async () => {
    await assertSucceeds(staff().firestore().doc('tickets/t1').update({ status: 'completed' }));
    await assertSucceeds(customer().firestore().doc('tickets/t1').get());
    await assertFails(customer().firestore().doc('tickets/t2').get());
    await assertSucceeds(
      customer().firestore().collection('tickets').where('customerId', '==', 'u1').get(),
    );
    await assertFails(customer().firestore().collection('tickets').get());
    await assertFails(customer().firestore().doc('tickets/t1').update({ status: 'completed' }));
    await assertFails(anonymous().firestore().doc('tickets/t1').get());
  });

  it('nobody but the staff API changes the short-link generation, nobody deletes one', async () => {
    await assertFails(staff().firestore().doc('tickets/t1').update({ shortLinkGeneration: 0 }));
    await assertFails(
      staff().firestore().doc('tickets/t3').set({ clientId: 'c1', shortLinkGeneration: 5 }),
    );
    await assertFails(staff().firestore().doc('tickets/t1').delete());
  });

  it("nobody types in a customer's decision: it is the functions' record of the customer's answer", async () => {
    await assertFails(staff().firestore().doc('tickets/t1').update({ quoteDecision: 'accepted' }));
    await assertFails(
      staff().firestore().doc('tickets/t1').update({ pickupPlannedFor: '2026-01-06' }),
    );
    await assertFails(
      staff()
        .firestore()
        .doc('tickets/t3')
        .set({ clientId: 'c1', callbackRequestedAt: new Date('2026-01-05T09:00:00Z') }),
    );
  });
});

describe('customer_profiles (the shop’s default rules)', () => {
  it('the owner and staff read a profile, nobody else', async () => {
    await assertSucceeds(customer().firestore().doc('customer_profiles/u1').get());
    await assertSucceeds(staff().firestore().doc('customer_profiles/u1').get());
    await assertFails(customer('u2').firestore().doc('customer_profiles/u1').get());
    await assertFails(anonymous().firestore().doc('customer_profiles/u1').get());
  });

  it('the owner edits their contact details and push tokens', async () => {
    await assertSucceeds(
      customer()
        .firestore()
        .doc('customer_profiles/u1')
        .update({ firstName: 'Léa', pushTokens: ['fcm-token-1'] }),
    );
    await assertSucceeds(
      customer('u3')
        .firestore()
        .doc('customer_profiles/u3')
        .set({ firstName: 'Zoé', lastName: 'R' }),
    );
    await assertFails(
      customer('u3').firestore().doc('customer_profiles/u4').set({ firstName: 'Zoé' }),
    );
  });

  it.each([
    'consent',
    'notificationPreferences',
    'phoneStatus',
    'whatsappLastInboundAt',
    'clientId',
  ])(
    'the owner cannot write %s (consent goes through the customer API, which logs it)',
    async (field) => {
      await assertFails(
        customer()
          .firestore()
          .doc('customer_profiles/u1')
          .update({ [field]: { smsEnabled: true } }),
      );
      await assertFails(
        customer('u5')
          .firestore()
          .doc('customer_profiles/u5')
          .set({ firstName: 'x', [field]: {} }),
      );
    },
  );

  it('staff cannot write the consent state either; nobody deletes a profile', async () => {
    await assertFails(
      staff()
        .firestore()
        .doc('customer_profiles/u1')
        .update({ 'notificationPreferences.smsEnabled': true }),
    );
    await assertSucceeds(
      staff().firestore().doc('customer_profiles/u1').update({ clientId: 'c1' }),
    );
    await assertFails(customer().firestore().doc('customer_profiles/u1').delete());
    await assertFails(staff().firestore().doc('customer_profiles/u1').delete());
  });
});
