// A Monday-morning burst on the whole local stack (prints numbers; not a test): N ticket
// status updates written within a few seconds (default 2,000 in 10 s), each announcing
// "ready for pickup" by SMS to a walk-in; the send queue drains them at the send function's
// declared rate limit R (`rateLimits.maxDispatchesPerSecond`, honoured by the in-process queue
// as Cloud Tasks would). Prints the drain rate as a fraction of R, update → Twilio request
// latency, duplicates and losses (exit 1 if any), peak memory of this process (the functions,
// the embedded Firestore server, the Twilio sandbox and the bridges all run in it; the
// webhook worker is wrangler's child process) and the wall time.
// Run: pnpm --filter @omega/stack bench (BENCH_UPDATES=200 for a quick run,
// BENCH_BURST_SECONDS=10 for the write window).
import { cpus, loadavg, totalmem } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { PIPELINE_STATUSES, TERMINAL_STATUSES } from '@omega/core';
import type { Firestore } from 'firebase-admin/firestore';
import { silentSink } from '../src/log.ts';
import { startStack } from '../src/stack.ts';

const N = Number(process.env.BENCH_UPDATES ?? 2000);
const BURST_MS = Number(process.env.BENCH_BURST_SECONDS ?? 10) * 1000;
const SEND_FUNCTION = 'sendNotification';
const wallStart = performance.now();

// --- Memory of this process, sampled every 200 ms ---------------------------------------------
const memory = { rss: 0, heapUsed: 0, heapTotal: 0, external: 0 };
const sampleMemory = () => {
  const m = process.memoryUsage();
  memory.rss = Math.max(memory.rss, m.rss);
  memory.heapUsed = Math.max(memory.heapUsed, m.heapUsed);
  memory.heapTotal = Math.max(memory.heapTotal, m.heapTotal);
  memory.external = Math.max(memory.external, m.external);
};
const sampler = setInterval(sampleMemory, 200);

// --- Helpers ----------------------------------------------------------------------------------
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] as number;
}
const sortNum = (xs: number[]) => [...xs].sort((a, b) => a - b);
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const ms = (x: number) => `${x.toFixed(1)} ms`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const dist = (xs: number[], unit: (x: number) => string) => {
  const sorted = sortNum(xs);
  return `p50 ${unit(percentile(sorted, 50))}  p95 ${unit(percentile(sorted, 95))}  max ${unit(sorted.at(-1) ?? Number.NaN)}`;
};
const ticketId = (i: number) => `burst${String(i).padStart(5, '0')}`;
const clientId = (i: number) => `bc${String(i).padStart(5, '0')}`;
// French mobiles +33 61…, clear of the sandbox's magic numbers (+33 6 00 00 00 xx).
const phone = (i: number) => `+3361${String(i).padStart(7, '0')}`;

/** Settings, N walk-in clients with SMS consent and N tickets in repair, before any trigger. */
async function seed(db: Firestore): Promise<void> {
  const at = new Date();
  await db.doc('settings/notifications').set({
    defaultCountry: 'FR',
    twilio: { smsFrom: 'OMEGA' },
    // Any hour, and a budget that does not hold the burst (2,000 × 0.075 € = 150 €).
    sendWindow: {
      startHour: 0,
      startMinute: 0,
      endHour: 24,
      endMinute: 0,
      closedWeekdays: [],
      closedOnPublicHolidays: false,
    },
    budget: { monthlyEur: 100_000, warnRatio: 0.8, holdExpiryHours: 48 },
  });
  for (let start = 0; start < N; start += 200) {
    const batch = db.batch();
    for (let i = start; i < Math.min(N, start + 200); i += 1) {
      batch.set(db.doc(`clients/${clientId(i)}`), {
        name: `Client ${i}`,
        firstName: 'Client',
        phone: phone(i),
        consent: {
          sms: {
            channel: 'sms',
            granted: true,
            at,
            source: 'counter',
            actor: 'staff:bench',
            wordingVersion: 'v1',
          },
        },
      });
      batch.set(db.doc(`tickets/${ticketId(i)}`), {
        clientId: clientId(i),
        customerId: null,
        device: 'iPhone 13',
        status: 'in_repair',
        trackingCode: `OM-B${String(i).padStart(5, '0')}`,
        appointmentAt: null,
      });
    }
    await batch.commit();
  }
}

// --- Start the stack --------------------------------------------------------------------------
// Only the local pieces: variables naming real services (.env) are left out.
const env = Object.fromEntries(
  Object.entries(process.env).filter(
    ([k]) =>
      !/^(STACK_|TWILIO_|SMTP_URL$|FIRESTORE_EMULATOR_HOST$|FIREBASE_AUTH_EMULATOR_HOST$|EDGE_PUBLIC_URL$|PUSH_MODE$|INGEST_)/.test(
        k,
      ),
  ),
);
const startedAt = performance.now();
const stack = await startStack({
  env: { ...env, GCLOUD_PROJECT: 'demo-omega-bench' },
  ports: {
    firestore: 0,
    auth: 0,
    functions: 0,
    sandbox: 0,
    smtp: 0,
    mailWeb: 0,
    worker: 0,
    dashboard: 0,
  },
  dashboard: false,
  timings: 'instant',
  skip: ['auth', 'scheduler'],
  sink: silentSink,
  beforeTriggers: (db) => seed(db),
});
const sandbox = stack.sandbox;
if (!sandbox) throw new Error('the benchmark runs against the Twilio sandbox');
const send = stack.functions.functions.find((f) => f.name === SEND_FUNCTION);
if (send?.kind !== 'task') throw new Error(`no task function ${SEND_FUNCTION}`);
const R = send.rateLimits.maxDispatchesPerSecond;
const CAP = send.rateLimits.maxConcurrentDispatches;
const startMs = performance.now() - startedAt;
sampleMemory();
const baseline = process.memoryUsage();
const db = stack.db;
const queue = stack.functions.queue;
const runsBefore = queue.runs.length;
const load = loadavg()[0]?.toFixed(1);

console.log(
  `Monday-morning burst: ${N} ticket updates (in_repair → completed, walk-in SMS) in ${BURST_MS / 1000} s; ` +
    `${cpus().length} cores, ${mb(totalmem())} RAM, load ${load}; stack started in ${s(startMs)} ` +
    `(rss ${mb(baseline.rss)}, heap ${mb(baseline.heapUsed)} after seeding)`,
);
console.log(
  `  send queue: declared rateLimits R = ${R} dispatches/s, ${CAP} concurrent (expected drain ≈ ${s((N / R) * 1000)})`,
);

// --- The burst: update i is written at i × BURST_MS / N ----------------------------------------
const writes: Array<{ issuedAt: number; writtenAt: number }> = new Array(N);
const pending: Array<Promise<void>> = [];
const burstStart = Date.now();
const cpuAtBurst = process.cpuUsage();
const loopDelay = monitorEventLoopDelay({ resolution: 20 });
loopDelay.enable();
for (let i = 0; i < N; i += 1) {
  const due = burstStart + (i * BURST_MS) / N;
  const wait = due - Date.now();
  if (wait > 0) await sleep(wait);
  const issuedAt = Date.now();
  pending.push(
    db
      .doc(`tickets/${ticketId(i)}`)
      .update({ status: 'completed', completedAt: new Date() })
      .then((result) => {
        writes[i] = { issuedAt, writtenAt: result.writeTime.toMillis() };
      }),
  );
}
await Promise.all(pending);
const firstWrite = Math.min(...writes.map((w) => w.writtenAt));
const lastWrite = Math.max(...writes.map((w) => w.writtenAt));
console.log(
  `  written: ${N} updates from ${new Date(firstWrite).toISOString().slice(11, 23)} over ${s(lastWrite - firstWrite)} ` +
    `(write acknowledged: ${dist(
      writes.map((w) => w.writtenAt - w.issuedAt),
      ms,
    )})`,
);

interface HistoryDoc {
  id: string;
  ticketId: string;
  channel: string;
  status: string;
  skipReason?: string | null;
  errorCode?: unknown;
  createdAt?: { toMillis(): number };
  metadata?: { twilioMessageId?: string | null };
}
const bench = (t: string) => t.startsWith('burst');
async function historyDocs(): Promise<HistoryDoc[]> {
  const snap = await db
    .collection('notification_history')
    .where('kind', '==', 'status_completed')
    .get();
  return snap.docs
    .map((d) => ({ id: d.id, ...(d.data() as Omit<HistoryDoc, 'id'>) }))
    .filter((d) => bench(d.ticketId));
}
// --- Drain: the bridges, the trigger runs and the send queue ------------------------------------
const progress = setInterval(() => {
  const sent = queue.runs.length - runsBefore;
  console.log(
    `  … ${s(Date.now() - burstStart)}: ${sent} send runs, ${queue.pending().length} tasks waiting`,
  );
}, 30_000);
// settle() sees the bridges' work and the queue, not a listener snapshot still on its way:
// go on until every update has its notification planned or nothing moves for 30 s.
let planned = 0;
let movedAt = Date.now();
for (;;) {
  await stack.functions.settle();
  const now = (await historyDocs()).length;
  if (now > planned) movedAt = Date.now();
  planned = now;
  if (planned >= N || Date.now() - movedAt > 30_000) break;
  await sleep(1000);
}
clearInterval(progress);
const drainedAt = Date.now();
loopDelay.disable();
const cpuDuringDrain = process.cpuUsage(cpuAtBurst);

// --- Settle: status callbacks → worker → ingestion, until every notification is final ----------
let docs = await historyDocs();
const settleDeadline = Date.now() + 120_000;
for (;;) {
  // In flight at the provider (accepted … sent): its callbacks are still coming. What is still
  // ours (planned, error…) after the queue drained will not move: counted below.
  const open = docs.filter(
    (d) =>
      !TERMINAL_STATUSES.has(d.status as never) &&
      !(PIPELINE_STATUSES as readonly string[]).includes(d.status),
  );
  if (open.length === 0 || Date.now() > settleDeadline) break;
  await sleep(2000);
  docs = await historyDocs();
}
const settledAt = Date.now();
clearInterval(sampler);
sampleMemory();

// --- What the sandbox received ------------------------------------------------------------------
const records = sandbox
  .messages()
  .filter((m) => m.direction === 'outbound-api')
  .map((m) => sandbox.message(String(m.sid)))
  .filter((m) => m !== undefined);
const byNotification = new Map<string, typeof records>();
for (const m of records) {
  const n = /[?&]n=([^&#]+)/.exec(m.statusCallback ?? '')?.[1];
  const key = n ? decodeURIComponent(n) : `(no n=) ${m.sid}`;
  byNotification.set(key, [...(byNotification.get(key) ?? []), m]);
}

// --- Per update: sent once, sent more than once, not sent with a reason, or lost -----------------
const docsByTicket = new Map<string, HistoryDoc[]>();
for (const d of docs) docsByTicket.set(d.ticketId, [...(docsByTicket.get(d.ticketId) ?? []), d]);
const latencies: number[] = [];
const planLatencies: number[] = [];
let duplicates = 0;
const lost: string[] = [];
const notSent = new Map<string, number>();
const statuses = new Map<string, number>();
for (let i = 0; i < N; i += 1) {
  const t = ticketId(i);
  const write = writes[i] as { writtenAt: number };
  const sms = (docsByTicket.get(t) ?? []).filter((d) => d.channel === 'sms');
  const messages = sms.flatMap((d) => byNotification.get(d.id) ?? []);
  for (const d of sms) {
    statuses.set(d.status, (statuses.get(d.status) ?? 0) + 1);
    if (d.createdAt) planLatencies.push(d.createdAt.toMillis() - write.writtenAt);
  }
  if (messages.length > 1) duplicates += messages.length - 1;
  const first = messages.map((m) => m.dateCreated.getTime()).sort((a, b) => a - b)[0];
  if (first !== undefined) {
    latencies.push(first - write.writtenAt);
    continue;
  }
  const closed = sms.find((d) => TERMINAL_STATUSES.has(d.status as never));
  if (closed) {
    const why = `${closed.status}/${closed.skipReason ?? closed.errorCode ?? '?'}`;
    notSent.set(why, (notSent.get(why) ?? 0) + 1);
  } else {
    lost.push(`${t} (${sms.map((d) => `${d.id}: ${d.status}`).join(', ') || 'no history'})`);
  }
}
const benchIds = new Set(docs.map((d) => d.id));
const requestTimes = sortNum(
  [...byNotification]
    .filter(([id]) => benchIds.has(id))
    .flatMap(([, list]) => list.map((m) => m.dateCreated.getTime())),
);
const firstRequest = requestTimes[0] ?? Number.NaN;
const lastRequest = requestTimes.at(-1) ?? Number.NaN;
const drainRate = requestTimes.length / ((lastRequest - firstRequest) / 1000);

// --- The send runs: how long one dispatch takes, how many overlapped ---------------------------
const runs = queue.runs.slice(runsBefore);
const events = runs.flatMap((r) => [
  { at: r.startedAt, d: 1 },
  { at: r.startedAt + r.ms, d: -1 },
]);
events.sort((a, b) => a.at - b.at || a.d - b.d);
let inFlight = 0;
let peakInFlight = 0;
for (const e of events) {
  inFlight += e.d;
  peakInFlight = Math.max(peakInFlight, inFlight);
}

const fraction = drainRate / R;
console.log(
  `  sandbox received ${requestTimes.length} messages for ${N} updates; first Twilio request ${s(firstRequest - firstWrite)} after the first write, last ${s(lastRequest - firstWrite)}`,
);
console.log(
  `  drain: ${drainRate.toFixed(2)} messages/s over ${s(lastRequest - firstRequest)} = ${fraction.toFixed(3)} × R (target ≥ 0.95)`,
);
console.log(`  update → Twilio request: ${dist(latencies, s)}`);
console.log(
  `  update → planned (the trigger's history document): ${dist(planLatencies, s)}; all ${planLatencies.length} planned ${s(Math.max(...docs.map((d) => d.createdAt?.toMillis() ?? 0)) - firstWrite)} after the first write`,
);
console.log(
  `  send runs: ${runs.length} (${runs.filter((r) => !r.ok).length} threw), one dispatch ${dist(
    runs.map((r) => r.ms),
    ms,
  )}, at most ${peakInFlight} at once (cap ${CAP})`,
);
console.log(
  `  final statuses: ${[...statuses].map(([k, v]) => `${k} ${v}`).join(', ')}${
    notSent.size
      ? `; not sent with a recorded reason: ${[...notSent].map(([k, v]) => `${k} ${v}`).join(', ')}`
      : ''
  }`,
);
console.log(
  `  this process, burst → drained: CPU ${(((cpuDuringDrain.user + cpuDuringDrain.system) / 1000 / (drainedAt - burstStart)) * 100).toFixed(0)} % of one core; event-loop delay (20 ms resolution) p50 ${ms(loopDelay.percentile(50) / 1e6)}, p99 ${ms(loopDelay.percentile(99) / 1e6)}, max ${ms(loopDelay.max / 1e6)}`,
);
console.log(`  duplicates: ${duplicates}   losses: ${lost.length}`);
if (lost.length > 0)
  console.log(`    lost: ${lost.slice(0, 10).join('; ')}${lost.length > 10 ? ' …' : ''}`);
console.log(
  `  peak memory of this process: rss ${mb(memory.rss)}, heap used ${mb(memory.heapUsed)} (heap total ${mb(memory.heapTotal)}, external ${mb(memory.external)}); sampled every 200 ms`,
);
console.log(
  `  wall: ${s(performance.now() - wallStart)} (start ${s(startMs)}, burst → queue drained ${s(drainedAt - burstStart)}, callbacks settled ${s(settledAt - drainedAt)})`,
);

await stack.stop();
process.exit(duplicates > 0 || lost.length > 0 ? 1 : 0);
