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
import { lazyTwilioClient } from '../src/adapters/twilio-client/index.ts';
import { twilioSmsSender } from '../src/adapters/twilio-sms/index.ts';
import { setLogSink } from '../src/logs.ts';
import type { PipelineDeps, SendTask } from '../src/pipeline/deps.ts';
import { dispatchSend } from '../src/pipeline/dispatch-send.ts';
import { planTicketWrite } from '../src/pipeline/plan-ticket-event.ts';
import { SEND_RETRY_CONFIG } from '../src/pipeline/retry-config.ts';
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

async function latencyAndOperations() {
  const server = new FirestoreServer();
  const port = await freePort();
  await server.start(port);
  process.env.FIRESTORE_EMULATOR_HOST = `127.0.0.1:${port}`;
  const db = getFirestore(initializeApp({ projectId: 'omega-bench' }, 'bench'));
  const sandbox = await start({ authToken: 'bench-auth-token-0123456789' });
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
    senders: { sms: twilioSmsSender(twilio) },
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
  queue = new InProcessTaskQueue<SendTask>({
    handler: async (task, ctx) => {
      await dispatchSend(deps, task, ctx);
    },
    retryConfig: SEND_RETRY_CONFIG,
  });
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

  async function updateOne(i: number): Promise<number> {
    const before = ticketData(i, 'in_repair');
    const after = ticketData(i, 'completed');
    const expected = sandbox.messages().length + 1;
    const t0 = performance.now();
    const result = await db.doc(`tickets/t${i}`).update({ status: 'completed' });
    // What Eventarc hands the trigger: before/after data and the write's update time.
    await planTicketWrite(deps, {
      ticketId: `t${i}`,
      before,
      after,
      writeTime: `${result.writeTime.seconds}.${result.writeTime.nanoseconds}`,
    });
    await sandbox.waitFor(() => sandbox.messages().length >= expected, 10_000);
    const elapsed = performance.now() - t0;
    await queue.drain();
    return elapsed;
  }

  // Warm-up (twilio import, connections), not measured.
  for (let i = UPDATES; i < UPDATES + 5; i += 1) await updateOne(i);

  const latencies: number[] = [];
  for (let i = 0; i < UPDATES; i += 1) latencies.push(await updateOne(i));
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
  return { latencies, ops };
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
    'pipeline-eager': `import 'twilio';\n${PIPELINE_EXPORTS}`,
  };
  for (const [name, source] of Object.entries(entries)) {
    const entry = join(root, `bench/.entry-${name}.ts`);
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
        { encoding: 'utf8' },
      ),
    );
  const samples: Record<string, number[]> = Object.fromEntries(
    Object.keys(entries).map((k) => [k, []]),
  );
  for (let i = 0; i < 7; i += 1) {
    for (const name of Object.keys(entries))
      samples[name]?.push(time(join(outdir, name, 'index.js')));
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
  const { latencies, ops } = await latencyAndOperations();
  console.log(
    `ticket update → sandbox receives the request, ${latencies.length} updates (load average ${load}):`,
  );
  console.log(
    `  p50 ${fmt(percentile(latencies, 50))}  p95 ${fmt(percentile(latencies, 95))}  max ${fmt(latencies.at(-1) ?? 0)}`,
  );
  console.log(
    `Firestore per notification (walk-in SMS, trigger + send task): ${ops.reads} document reads, ${ops.writes} writes`,
  );
}
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
process.exit(0);
