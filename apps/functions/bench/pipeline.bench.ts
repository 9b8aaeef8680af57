// Benchmarks of the send pipeline on the embedded stack (prints numbers; not a test):
// 1. ticket update → the Twilio sandbox receives the message request: p50/p95 over 200 updates;
// 2. Firestore document reads and writes per notification (trigger + send task);
// 3. cold import time of the functions entry with lazy vs eager `twilio`.
// Run: pnpm --filter @omega/functions bench
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { FirestoreServer } from '@firestore-emulator/server';
import { start } from '@omega/twilio-sandbox';
import { initializeApp } from 'firebase-admin/app';
import {
  DocumentReference,
  Firestore,
  getFirestore,
  Query,
  WriteBatch,
} from 'firebase-admin/firestore';
import type { ChannelSender, OutboundMessage } from '../src/adapters/port.ts';
import { lazyTwilioClient } from '../src/adapters/twilio-client/index.ts';
import { twilioSmsSender } from '../src/adapters/twilio-sms/index.ts';
import { setLogSink } from '../src/logs.ts';
import type { PipelineDeps, SendTask } from '../src/pipeline/deps.ts';
import { planTicketWrite } from '../src/pipeline/plan/ticket-event.ts';
import { dispatchSend } from '../src/pipeline/send/dispatch.ts';
import { SEND_RETRY_CONFIG } from '../src/pipeline/send/retry-config.ts';
import { InProcessTaskQueue } from '../src/queue/in-process-queue.ts';
import { firestoreSettingsSource } from '../src/settings/settings-source.ts';
import { freePort } from '../test/support/firestore-server.ts';

const root = join(import.meta.dirname, '..');
const UPDATES = Number(process.env.BENCH_UPDATES ?? 200);

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] as number;
}
const median = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

// --- Firestore operation counter (document reads and writes as Firestore bills them) -------
const counts = { reads: 0, writes: 0 };
function countFirestoreOperations(): void {
  // DocumentReference.get() goes through Firestore.getAll(): counting getAll counts both.
  const getAll = Firestore.prototype.getAll;
  Firestore.prototype.getAll = function (this: Firestore, ...refs: Parameters<typeof getAll>) {
    counts.reads += refs.filter((r) => r instanceof DocumentReference).length;
    return getAll.apply(this, refs);
  } as typeof getAll;
  const qget = Query.prototype.get;
  Query.prototype.get = async function (this: Query) {
    const snap = await qget.call(this);
    counts.reads += Math.max(1, snap.size);
    return snap;
  } as typeof qget;
  for (const op of ['create', 'set', 'update', 'delete'] as const) {
    const original = WriteBatch.prototype[op] as (...args: unknown[]) => WriteBatch;
    (WriteBatch.prototype as unknown as Record<string, unknown>)[op] = function (
      this: WriteBatch,
      ...args: unknown[]
    ) {
      counts.writes += 1;
      return original.apply(this, args);
    };
  }
}

// --- Per-stage timings (where the update → sandbox time goes) -------------------------------
// Marks of the stages of one update, and every Firestore round trip (getAll, commit, query)
// with the collections it touches; the bench runs updates one at a time, so one trace is live.
interface Span {
  label: string;
  start: number;
  end: number;
}
const trace = { on: false, marks: new Map<string, number>(), spans: [] as Span[] };
const mark = (name: string) => {
  if (trace.on && !trace.marks.has(name)) trace.marks.set(name, performance.now());
};
const collectionsOf = (paths: string[]) =>
  [...new Set(paths.map((p) => p.split('/').at(-2) ?? p))].join('+');
async function span<T>(label: string, run: () => Promise<T>): Promise<T> {
  if (!trace.on) return run();
  const start = performance.now();
  try {
    return await run();
  } finally {
    trace.spans.push({ label, start, end: performance.now() });
  }
}
const batchOps = new WeakMap<WriteBatch, string[]>();
function traceFirestoreRoundTrips(): void {
  const getAll = Firestore.prototype.getAll;
  Firestore.prototype.getAll = function (this: Firestore, ...refs: Parameters<typeof getAll>) {
    const paths = refs.filter((r) => r instanceof DocumentReference).map((r) => r.path);
    return span(`read ${collectionsOf(paths)}`, () => getAll.apply(this, refs));
  } as typeof getAll;
  const qget = Query.prototype.get;
  Query.prototype.get = function (this: Query) {
    return span('query', () => qget.call(this));
  } as typeof qget;
  for (const op of ['create', 'set', 'update', 'delete'] as const) {
    const original = WriteBatch.prototype[op] as (...args: unknown[]) => WriteBatch;
    (WriteBatch.prototype as unknown as Record<string, unknown>)[op] = function (
      this: WriteBatch,
      ...args: unknown[]
    ) {
      const ops = batchOps.get(this) ?? [];
      ops.push(`${op} ${(args[0] as DocumentReference).path}`);
      batchOps.set(this, ops);
      return original.apply(this, args);
    };
  }
  const commit = WriteBatch.prototype.commit;
  WriteBatch.prototype.commit = function (this: WriteBatch) {
    const ops = batchOps.get(this) ?? [];
    const label = ops.map((o) => `${o.split(' ')[0]} ${collectionsOf([o.split(' ')[1] ?? ''])}`);
    return span(`write ${label.join(', ')}`, () => commit.call(this));
  } as typeof commit;
}

/** The stages of one update, in order: each is the time from the previous mark to its own. */
const STAGES: Array<[mark: string, what: string]> = [
  ['plan', "ticket update written (the benchmark's own write)"],
  ['enqueue', 'plan: recipient reads, plan, history batch'],
  ['pickup', 'queue pickup (in-process queue; Cloud Tasks in production)'],
  ['send', 'dispatch: history read, claim + recheck reads, render'],
  ['received', 'Twilio SDK request until the sandbox has the message'],
];
interface Trace {
  stages: Record<string, number>;
  spans: Array<{ label: string; stage: string; ms: number }>;
}
function takeTrace(t0: number): Trace {
  const stages: Record<string, number> = {};
  let previous = t0;
  const bounds: Array<[string, number]> = [];
  for (const [name] of STAGES) {
    const at = trace.marks.get(name) ?? previous;
    stages[name] = at - previous;
    bounds.push([name, at]);
    previous = at;
  }
  const stageOf = (start: number) => bounds.find(([, at]) => start < at)?.[0] ?? 'after';
  const spans = trace.spans.map((s) => ({
    label: s.label,
    stage: stageOf(s.start),
    ms: s.end - s.start,
  }));
  trace.marks = new Map();
  trace.spans = [];
  return { stages, spans };
}

function tracedSender<M extends OutboundMessage>(sender: ChannelSender<M>): ChannelSender<M> {
  return {
    ...sender,
    send: (message) => {
      mark('send');
      return sender.send(message);
    },
  };
}

async function latencyAndOperations() {
  const server = new FirestoreServer();
  const port = await freePort();
  await server.start(port);
  process.env.FIRESTORE_EMULATOR_HOST = `127.0.0.1:${port}`;
  const db = getFirestore(initializeApp({ projectId: 'omega-bench' }, 'bench'));
  // The sandbox shares this process (and its one JS thread) with the code under test, so its
  // own work is kept to what Twilio's API does on a request: the status lifecycle is pushed
  // out of the measurement (no callbacks to the unreachable edge URL, no signatures) and the
  // message list is emptied after each update (waitFor's probe renders every stored message).
  const sandbox = await start({
    authToken: 'bench-auth-token-0123456789',
    callbackDelays: { queued: 3_600_000, sending: 3_600_000, sent: 3_600_000, final: 3_600_000 },
  });
  const twilio = lazyTwilioClient({
    accountSid: sandbox.accountSid,
    authToken: sandbox.authToken,
    origin: sandbox.url,
  });
  let queue: InProcessTaskQueue<SendTask>;
  const deps: PipelineDeps = {
    db,
    clock: () => new Date('2026-03-02T09:00:00Z'),
    random: Math.random,
    senders: { sms: tracedSender(twilioSmsSender(twilio)) },
    get queue() {
      return queue;
    },
    settings: firestoreSettingsSource(db),
    config: {
      edgePublicUrl: 'http://127.0.0.1:9',
      mailFrom: 'bench@omega.test',
      shortLinkDomain: 'omega.test',
      shortLinkSecret: 'bench-short-link-secret',
    },
    twilio,
  };
  const inProcess = new InProcessTaskQueue<SendTask>({
    handler: async (task, ctx) => {
      mark('pickup');
      await dispatchSend(deps, task, ctx);
    },
    retryConfig: SEND_RETRY_CONFIG,
  });
  queue = inProcess;
  const enqueue = inProcess.enqueue.bind(inProcess);
  inProcess.enqueue = (data, options) => {
    mark('enqueue');
    return enqueue(data, options);
  };
  await db.doc('settings/notifications').set({ twilio: { smsFrom: 'OMEGA' } });

  const ticketData = (i: number, status: string) => ({
    clientId: `c${i}`,
    customerId: null,
    device: 'iPhone 13',
    status,
    trackingCode: `OM-${String(i).padStart(4, '0')}`,
    appointmentAt: null,
  });
  const total = UPDATES + 20;
  for (let i = 0; i < total; i += 1) {
    await db
      .doc(`clients/c${i}`)
      .set({ name: 'Client', phone: `+336${String(10_000_000 + i).slice(-8)}` });
    await db.doc(`tickets/t${i}`).set(ticketData(i, 'in_repair'));
  }

  async function updateOne(i: number): Promise<{ elapsed: number; trace: Trace }> {
    const before = ticketData(i, 'in_repair');
    const after = ticketData(i, 'completed');
    const t0 = performance.now();
    const result = await db.doc(`tickets/t${i}`).update({ status: 'completed' });
    mark('plan');
    // What Eventarc hands the trigger: before/after data and the write's update time.
    await planTicketWrite(deps, {
      ticketId: `t${i}`,
      before,
      after,
      writeTime: `${result.writeTime.seconds}.${result.writeTime.nanoseconds}`,
    });
    await sandbox.waitFor(() => sandbox.messages().length > 0, 10_000);
    const elapsed = performance.now() - t0;
    mark('received');
    await queue.drain();
    sandbox.reset();
    return { elapsed, trace: takeTrace(t0) };
  }

  traceFirestoreRoundTrips();
  // Warm-up (twilio import, connections), not measured.
  for (let i = UPDATES; i < UPDATES + 5; i += 1) await updateOne(i);

  trace.on = true;
  const latencies: number[] = [];
  const traces: Trace[] = [];
  for (let i = 0; i < UPDATES; i += 1) {
    const { elapsed, trace: t } = await updateOne(i);
    latencies.push(elapsed);
    traces.push(t);
  }
  trace.on = false;
  latencies.sort((a, b) => a - b);

  countFirestoreOperations();
  const N = 10;
  const before = { ...counts };
  for (let i = UPDATES + 5; i < UPDATES + 5 + N; i += 1) await updateOne(i);
  // Minus the benchmark's own ticket update (one write per iteration).
  const ops = {
    reads: (counts.reads - before.reads) / N,
    writes: (counts.writes - before.writes) / N - 1,
  };

  queue.close();
  await sandbox.stop();
  server.stop();
  return { latencies, ops, traces };
}

function printStages(traces: Trace[]): void {
  console.log('  where the time goes (median per update; stages add up to about the p50):');
  for (const [name, what] of STAGES)
    console.log(`    ${fmt(median(traces.map((t) => t.stages[name] ?? 0))).padStart(8)}  ${what}`);
  // Firestore round trips by stage, in the order they start (concurrent ones overlap).
  const byKey = new Map<string, { stage: string; label: string; ms: number[]; order: number }>();
  for (const t of traces) {
    t.spans.forEach((s, order) => {
      const key = `${s.stage} ${s.label}`;
      const entry = byKey.get(key) ?? { stage: s.stage, label: s.label, ms: [], order };
      entry.ms.push(s.ms);
      byKey.set(key, entry);
    });
  }
  console.log('  Firestore round trips (median ms, per update; concurrent ones overlap):');
  const stageIndex = (stage: string) => STAGES.findIndex(([n]) => n === stage);
  for (const e of [...byKey.values()].sort(
    (a, b) => stageIndex(a.stage) - stageIndex(b.stage) || a.order - b.order,
  )) {
    const per = (e.ms.length / traces.length).toFixed(e.ms.length % traces.length ? 2 : 0);
    console.log(`    ${fmt(median(e.ms)).padStart(8)}  ×${per}  [${e.stage}] ${e.label}`);
  }
}

const PIPELINE_EXPORTS = `export { coverageOnClientWrite, coverageOnProfileWrite } from '../src/functions/coverage-triggers.ts';
export { ingestTwilioEvent } from '../src/functions/ingest.ts';
export { budgetCheck, pickupReminders, reconcileActualPrices, reconcileStuck } from '../src/functions/schedules.ts';
export { sendNotification } from '../src/functions/send-task.ts';
export { onTicketCreated, onTicketUpdated } from '../src/functions/ticket-triggers.ts';
`;

async function coldImports() {
  const outdir = join(root, 'dist-local');
  mkdirSync(outdir, { recursive: true });
  // Four bundles built like the deploy bundle: the whole entry (with the staff API) and the
  // send pipeline's functions alone, each with `twilio` lazy (as shipped) or imported eagerly.
  const entries: Record<string, string> = {
    'full-lazy': "export * from '../src/index.ts';\n",
    'full-eager': "import 'twilio';\nexport * from '../src/index.ts';\n",
    'pipeline-lazy': PIPELINE_EXPORTS,
    'pipeline-eager': `import 'twilio';\n$PIPELINE_EXPORTS`,
  };
  for (const [name, source] of Object.entries(entries)) {
    const entry = join(root, `bench/.entry-$name.ts`);
    writeFileSync(entry, source);
    execFileSync('node', [join(root, 'scripts/build.mjs'), `bench/.entry-${name}.ts`], {
      env: { ...process.env, OMEGA_BUILD_LOCAL: '1', OMEGA_BUILD_OUTDIR: `dist-local/${name}` },
      stdio: 'ignore',
    });
  }
  const time = (file: string) =>
    Number(
      execFileSync(
        'node',
        [
          '-e',
          `const t=performance.now();import(${JSON.stringify(file)}).then(()=>process.stdout.write(String(performance.now()-t)))`,
        ],
        { encoding: 'utf8', cwd: root },
      ),
    );
  // The floor: what no entry declaring Firestore triggers can avoid at import, next to twilio.
  // (firebase-functions' Firestore provider loads firebase-admin/firestore and its protos.)
  const modules: Record<string, string> = {
    'module-firestore-trigger': 'firebase-functions/v2/firestore',
    'module-twilio': 'twilio',
  };
  const targets: Record<string, string> = {
    ...Object.fromEntries(Object.keys(entries).map((k) => [k, join(outdir, k, 'index.js')])),
    ...modules,
  };
  const samples: Record<string, number[]> = Object.fromEntries(
    Object.keys(targets).map((k) => [k, []]),
  );
  for (let i = 0; i < 7; i += 1) {
    for (const [name, target] of Object.entries(targets)) samples[name]?.push(time(target));
  }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)])) as Record<
    string,
    number
  >;
}

setLogSink(() => {});
const load = loadavg()[0]?.toFixed(1);
const only = process.env.BENCH_ONLY;
if (only !== 'cold') {
  const { latencies, ops, traces } = await latencyAndOperations();
  console.log(
    `ticket update → sandbox receives the request, ${latencies.length} updates (load average ${load}):`,
  );
  console.log(
    `  p50 ${fmt(percentile(latencies, 50))}  p95 ${fmt(percentile(latencies, 95))}  max ${fmt(latencies.at(-1) ?? 0)}`,
  );
  printStages(traces);
  console.log(
    `Firestore per notification (walk-in SMS, trigger + send task): ${ops.reads} document reads, ${ops.writes} writes`,
  );
}
if (only === 'latency') process.exit(0);
const cold = await coldImports();
const ms = (name: string) => cold[name] ?? 0;
const ratio = (a: string, b: string) => (ms(a) / ms(b)).toFixed(2);
console.log('cold import, CPU time (median of 7 fresh processes, bundled like the deploy):');
console.log(
  `  whole entry (with the staff API): lazy twilio ${fmt(ms('full-lazy'))}, eager ${fmt(ms('full-eager'))}, ratio ${ratio('full-lazy', 'full-eager')}×`,
);
console.log(
  `  send-pipeline functions only:     lazy twilio ${fmt(ms('pipeline-lazy'))}, eager ${fmt(ms('pipeline-eager'))}, ratio ${ratio('pipeline-lazy', 'pipeline-eager')}×`,
);
console.log(
  `  floor, each module alone:        firebase-functions/v2/firestore ${fmt(ms('module-firestore-trigger'))}, twilio ${fmt(ms('module-twilio'))}`,
);
process.exit(0);
