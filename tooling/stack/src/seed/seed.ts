import {
  firestoreSettingsSource,
  recordSatisfactionAnswer,
  runStatsRebuild,
} from '@omega/functions/local';
import type { Firestore } from 'firebase-admin/firestore';
import { buildDemoShop, type DemoShop } from './demo-shop.ts';

/** Where the marker lives: created with `create()`, so a second seeding fails on it. */
export const SEED_MARKER = '_stack/seed';

/** Why the seeder did not seed. */
export type SeedRefusal =
  | { code: 'not_a_demo_target'; message: string }
  | { code: 'already_seeded'; message: string };

/** Options of {@link seedDemoShop}. */
export interface SeedOptions {
  /** True when the target is the embedded server this process started. */
  embedded: boolean;
  /** The Firebase project id the client writes to. */
  projectId: string;
  seed?: number;
  now?: Date;
  walkIns?: number;
  customers?: number;
}

/**
 * Writes the demo shop ({@link buildDemoShop}). Refuses unless the target is the embedded
 * server or a `demo-*` project (the Firebase emulators' convention for projects that can
 * never reach production), and never seeds twice: the first write is the marker document,
 * created with `create()`, which fails if a previous run wrote it.
 */
export async function seedDemoShop(
  db: Firestore,
  options: SeedOptions,
): Promise<
  | { ok: true; value: { counts: DemoShop['counts']; summary: string } }
  | { ok: false; error: SeedRefusal }
> {
  if (!options.embedded && !options.projectId.startsWith('demo-')) {
    return {
      ok: false,
      error: {
        code: 'not_a_demo_target',
        message: `seed: refused — project "${options.projectId}" is not a demo-* project and Firestore is not the embedded server`,
      },
    };
  }
  const now = options.now ?? new Date();
  const shop = buildDemoShop({
    now,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.walkIns !== undefined ? { walkIns: options.walkIns } : {}),
    ...(options.customers !== undefined ? { customers: options.customers } : {}),
  });
  try {
    await db.doc(SEED_MARKER).create({ at: now, seed: options.seed ?? null, counts: shop.counts });
  } catch (error) {
    if ((error as { code?: number }).code === 6) {
      return {
        ok: false,
        error: {
          code: 'already_seeded',
          message: 'seed: this database is already seeded (nothing written)',
        },
      };
    }
    throw error;
  }
  for (let i = 0; i < shop.docs.length; i += 400) {
    const batch = db.batch();
    for (const doc of shop.docs.slice(i, i + 400))
      batch.set(db.doc(doc.path), doc.data, { merge: true });
    await batch.commit();
  }
  // The survey answers go through the production writer: the answer (first one wins), its
  // counters, and for a low score the staff alert and the conversation flagged in the inbox.
  for (const a of shop.surveyAnswers) {
    await recordSatisfactionAnswer(db, {
      ticketId: a.ticketId,
      score: a.score,
      source:
        a.channel === 'whatsapp' && a.e164
          ? {
              via: 'whatsapp_button',
              channel: 'whatsapp',
              messageSid: `SMseed${a.ticketId}`,
              e164: a.e164,
            }
          : { via: 'web', nonce: `seed-${a.ticketId}-answer`, linkId: `seed-${a.ticketId}` },
      customerId: a.customerId,
      clientId: a.clientId,
      e164: a.e164,
      at: a.at,
    });
  }
  // The shop's past is in the documents only: the statistics are rebuilt from them by the same
  // code as `stats:rebuild` (coverage over every customer, every seeded notification by day).
  const settings = await firestoreSettingsSource(db, { ttlMs: 0 }).get();
  const stats = await runStatsRebuild(db, { settings: settings.core, now, restart: true });
  const c = shop.counts;
  const statuses = Object.entries(c.ticketsByStatus)
    .map(([s, n]) => `${s} ${n}`)
    .join(', ');
  return {
    ok: true,
    value: {
      counts: c,
      summary: `seeded ${c.walkIns} walk-ins, ${c.customers} registered customers, ${c.tickets} tickets (${statuses}), ${c.history} past notifications, ${c.conversations} conversations, ${c.suppressions} suppressions, ${c.surveysSent} satisfaction surveys sent and ${c.surveysAnswered} answered; statistics rebuilt from ${stats.documents} documents`,
    },
  };
}
