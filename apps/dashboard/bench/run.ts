// Benchmarks (printed, not asserted): the dashboard's initial JavaScript, gzipped, from a
// production build; and the analytics API over a year of statistics documents against a naive
// scan of the notification history.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { CHANNEL_DISPLAY_ORDER, seededRandom } from '@omega/core';

const root = fileURLToPath(new URL('..', import.meta.url));
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

async function initialJs() {
  const { build } = await import('vite');
  const outDir = join(root, 'dist');
  await build({ root, logLevel: 'silent', build: { outDir, emptyOutDir: true } });
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map(
    (m) => m[1] as string,
  );
  const { readdirSync } = await import('node:fs');
  const all = readdirSync(join(outDir, 'assets')).filter((f) => f.endsWith('.js'));
  const size = (file: string) => gzipSync(readFileSync(join(outDir, file))).length;
  const initialGz = initial.reduce((s, f) => s + size(f), 0);
  console.log('\n## Dashboard production build (gzip -9 of each file)');
  console.log(
    `initial JS (index.html scripts + modulepreloads): ${kb(initialGz)} gzipped — target ≤ 250 KB`,
  );
  const chunks = all.map((f) => ({ f, gz: size(`assets/${f}`) })).sort((a, b) => b.gz - a.gz);
  for (const c of chunks)
    console.log(
      `  ${initial.includes(`assets/${c.f}`) ? '*' : ' '} ${c.f.padEnd(42)} ${kb(c.gz).padStart(9)}`,
    );
  console.log(
    `  all JS: ${kb(chunks.reduce((s, c) => s + c.gz, 0))} gzipped (* = loaded at start; pages and the chart load on demand)`,
  );
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

const CH = CHANNEL_DISPLAY_ORDER;
const STATUSES = [
  'delivered',
  'delivered',
  'delivered',
  'read',
  'failed',
  'undelivered',
  'skipped',
] as const;

async function analytics() {
  const { FirestoreServer } = await import('@firestore-emulator/server');
  const server = new FirestoreServer();
  const port = await freePort();
  await server.start(port);
  process.env.FIRESTORE_EMULATOR_HOST = `127.0.0.1:${port}`;
  const { initializeApp } = await import('firebase-admin/app');
  const { getFirestore, Timestamp } = await import('firebase-admin/firestore');
  const { createStaffApi } = await import('@omega/functions/api');
  const { firestoreSettingsSource } = await import(
    '../../functions/src/settings/settings-source.ts'
  );
  const db = getFirestore(initializeApp({ projectId: 'bench-analytics' }));

  // A year of daily statistics, as the pipeline's increments leave them.
  const random = seededRandom(42);
  const rnd = (n: number) => random.int(0, n - 1);
  const start = Date.parse('2025-03-03T12:00:00Z');
  for (let chunk = 0; chunk < 365; chunk += 200) {
    const batch = db.batch();
    for (let i = chunk; i < Math.min(365, chunk + 200); i++) {
      const day = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
      const doc: Record<string, number | string> = {
        day,
        month: day.slice(0, 7),
        cost_eur_total: rnd(500) / 100,
      };
      for (const c of CH) {
        const sent = 20 + rnd(40);
        Object.assign(doc, {
          [`${c}_planned`]: sent + 5,
          [`${c}_sent`]: sent,
          [`${c}_delivered`]: sent - 2,
          [`${c}_failed`]: 1,
          [`${c}_undelivered`]: 1,
          [`${c}_skipped`]: 5,
          [`${c}_skip_no_consent`]: 3,
          [`${c}_skip_no_phone`]: 2,
          [`${c}_error_30003`]: 1,
          [`${c}_error_30006`]: 1,
          [`${c}_sent_lt1s`]: sent - 5,
          [`${c}_sent_lt5s`]: 5,
          [`${c}_delivered_lt10s`]: sent - 10,
          [`${c}_delivered_lt60s`]: 8,
          [`${c}_cost_eur`]: sent * 0.075,
        });
      }
      batch.set(db.doc(`stats_daily/${day}`), doc);
    }
    await batch.commit();
  }
  // The pipeline increments the month's document with the same counters in the same batch.
  const months = new Map<string, Record<string, number>>();
  for (const d of (await db.collection('stats_daily').get()).docs) {
    const m = String(d.get('month'));
    const sum = months.get(m) ?? {};
    for (const [k, v] of Object.entries(d.data()))
      if (typeof v === 'number') sum[k] = (sum[k] ?? 0) + v;
    months.set(m, sum);
  }
  for (const [m, sum] of months) await db.doc(`stats_monthly/${m}`).set({ month: m, ...sum });
  await db.doc('stats_coverage/current').set({
    customers_total: 4200,
    reachable_any: 3650,
    reachable_sms: 2900,
    reachable_email: 2100,
    reachable_whatsapp: 800,
    reachable_push: 1200,
  });

  const app = createStaffApi({
    db,
    verifier: {
      verify: async () => ({
        ok: true,
        value: { uid: 'bench', email: null, name: null, staff: true, admin: true },
      }),
    },
    clock: () => new Date('2026-03-02T12:00:00Z'),
    notify: async () => null,
    sendDirect: async () => {
      throw new Error('the analytics bench sends nothing');
    },
    replayDirect: async () => null,
    settings: firestoreSettingsSource(db, { ttlMs: 60_000 }),
    shortLinkSecret: 'bench-short-link-secret',
    corsOrigins: [],
  });
  const call = async () => {
    const t0 = performance.now();
    const res = await app.request('/api/staff/analytics?from=2025-03-03&to=2026-03-02', {
      headers: { authorization: 'Bearer b' },
    });
    const body = (await res.json()) as { reads: number; range: { daysWithData: number } };
    return { ms: performance.now() - t0, body };
  };
  await call(); // warm-up (module and settings cache)
  const runs = [];
  for (let i = 0; i < 7; i++) runs.push(await call());
  const times = runs.map((r) => r.ms).sort((a, b) => a - b);
  const last = runs.at(-1)?.body;
  // The same answer without Firestore: the read documents handed to the pure computation.
  const { computeAnalytics } = await import('../../functions/src/api/services/analytics.ts');
  const docs = (await db.collection('stats_daily').get()).docs.map((d) => ({
    day: d.id,
    counters: d.data() as Record<string, number>,
  }));
  const c0 = performance.now();
  for (let i = 0; i < 20; i++)
    computeAnalytics({
      from: '2025-03-03',
      to: '2026-03-02',
      days: docs,
      currentMonth: { month: '2026-03', counters: null },
      coverage: null,
      budget: { monthlyEur: 50, warnRatio: 0.8, holdExpiryHours: 72 },
      reads: 0,
    });
  const computeMs = (performance.now() - c0) / 20;
  console.log('\n## Analytics API, a year (embedded Firestore server, in process)');
  console.log(
    `a year (whole months from stats_monthly + edge days): median ${times[3]?.toFixed(0)} ms, worst ${times.at(-1)?.toFixed(0)} ms over 7 runs; ${last?.reads} document reads (${last?.range.daysWithData} monthly points) — target ≤ 400 reads, < 1 s`,
  );
  console.log(
    `  of which the computation over 365 daily documents: ${computeMs.toFixed(1)} ms (the rest is reading them from the embedded server, which runs in this same process)`,
  );

  // The naive alternative: read every history document of the period and aggregate.
  const N = Number(process.env.BENCH_MESSAGES ?? 20_000);
  const w0 = performance.now();
  for (let chunk = 0; chunk < N; chunk += 500) {
    const batch = db.batch();
    for (let i = chunk; i < Math.min(N, chunk + 500); i++) {
      const channel = CH[rnd(4)] as string;
      const status = STATUSES[rnd(STATUSES.length)] as string;
      const created = start + rnd(365) * 86_400_000 + rnd(86_400_000);
      batch.set(db.doc(`notification_history/h${i}`), {
        channel,
        type: channel,
        kind: 'status_completed',
        status,
        ticketId: `t${rnd(5000)}`,
        clientId: `c${rnd(4000)}`,
        customerId: null,
        createdAt: Timestamp.fromMillis(created),
        sentAt: Timestamp.fromMillis(created + 800),
        deliveredAt: status === 'delivered' ? Timestamp.fromMillis(created + 5000) : null,
        errorCode: status === 'failed' ? 30003 : null,
        skipReason: status === 'skipped' ? 'no_consent' : null,
        metadata: { cost: 0.075, segments: 1 },
        timeline: [{ status: 'planned', at: Timestamp.fromMillis(created), source: 'pipeline' }],
      });
    }
    await batch.commit();
  }
  console.log(
    `(wrote ${N} history documents in ${((performance.now() - w0) / 1000).toFixed(1)} s)`,
  );
  const t0 = performance.now();
  const snap = await db
    .collection('notification_history')
    .where('createdAt', '>=', Timestamp.fromMillis(start - 86_400_000))
    .get();
  const agg: Record<string, number> = {};
  const latencies: number[] = [];
  for (const d of snap.docs) {
    const k = `${d.get('channel')}_${d.get('status')}`;
    agg[k] = (agg[k] ?? 0) + 1;
    const sent = d.get('sentAt') as InstanceType<typeof Timestamp> | null;
    if (sent)
      latencies.push(
        sent.toMillis() - (d.get('createdAt') as InstanceType<typeof Timestamp>).toMillis(),
      );
  }
  latencies.sort((a, b) => a - b);
  const scanMs = performance.now() - t0;
  const perMessage = scanMs / snap.size;
  console.log(
    `naive scan of ${snap.size} history documents: ${scanMs.toFixed(0)} ms, ${snap.size} document reads (${perMessage.toFixed(3)} ms and 1 read per message)`,
  );
  for (const perYear of [20_000, 100_000]) {
    console.log(
      `  at ${perYear.toLocaleString('en')} messages a year: scan ≈ ${((perMessage * perYear) / 1000).toFixed(1)} s and ${perYear.toLocaleString('en')} reads, vs ${last?.reads} reads from the statistics documents`,
    );
  }
  server.stop();
}

if (!process.env.BENCH_SKIP_BUILD) await initialJs();
await analytics();
process.exit(0);
