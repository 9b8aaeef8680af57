// `pnpm bench`: prints
//  1. the gzipped size of the deployable bundle (`wrangler deploy --dry-run --outdir`), target ≤ 60 KB;
//  2. signed status callbacks per second and p99 latency on `wrangler dev` (workerd, with the
//     local Queue and the consumer forwarding to a local sink) against Express + twilio.webhook(),
//     loopback only: servers pinned to CPU 0, the load generator to CPU 1 (taskset), runs
//     alternated, medians and their ratio. Also the same bundle on workerd through Miniflare's
//     API (no dev proxy), on its own workerd socket (no Miniflare entry worker either), and
//     there with the queue stubbed (the worker's own work), to show where the time goes.
//     Options: BENCH_ROUNDS, BENCH_SECONDS, BENCH_CONCURRENCY.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { bundleWorker } from '../test/support/local-worker.ts';

const appDir = new URL('..', import.meta.url).pathname;
const bin = (name: string) => join(appDir, 'node_modules', '.bin', name);
const quietEnv = {
  ...process.env,
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  NO_COLOR: '1',
};
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const TOKEN = 'bench-auth-token-0123456789abcdef';
const hasTaskset = (() => {
  try {
    execFileSync('taskset', ['-c', '0', 'true']);
    return true;
  } catch {
    return false;
  }
})();
const pinned = (cpu: number, command: string, args: string[]) =>
  hasTaskset
    ? { command: 'taskset', args: ['-c', String(cpu), command, ...args] }
    : { command, args };

/** Builds the deployable bundle, prints its size, returns the bundle's path. */
function bundleSize(outdir: string): string {
  {
    execFileSync(bin('wrangler'), ['deploy', '--dry-run', '--outdir', outdir], {
      cwd: appDir,
      env: quietEnv,
      stdio: 'ignore',
    });
    let raw = 0;
    let gzipped = 0;
    for (const file of readdirSync(outdir).filter((f) => f.endsWith('.js'))) {
      const bytes = readFileSync(join(outdir, file));
      raw += bytes.length;
      gzipped += gzipSync(bytes, { level: 9 }).length;
    }
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    console.log(
      `bundle: ${kb(raw)} raw, ${kb(gzipped)} gzipped (target ≤ 60 KB: ${gzipped <= 60 * 1024 ? 'met' : 'MISSED'})`,
    );
  }
  return join(outdir, 'index.js');
}

const children: ChildProcess[] = [];
function start(command: string, args: string[], cwd = appDir): ChildProcess {
  const child = spawn(command, args, { cwd, env: quietEnv, detached: true, stdio: 'ignore' });
  children.push(child);
  return child;
}
function stopAll(): void {
  for (const child of children) {
    // Each child leads its own process group (detached): stop exactly that group.
    if (child.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  }
}
process.on('exit', stopAll);
process.on('SIGINT', () => process.exit(130));

async function waitFor(check: () => Promise<boolean>, what: string, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function postStatus(url: string, signature: string | null): Promise<number> {
  const { default: twilio } = await import('twilio');
  const params = { MessageSid: 'SMcheck00000000000000000000000000', MessageStatus: 'sent' };
  const headers: Record<string, string> = {
    'Content-Type': 'application/x-www-form-urlencoded',
  };
  if (signature !== null) {
    headers['X-Twilio-Signature'] =
      signature || twilio.getExpectedTwilioSignature(TOKEN, url, params);
  }
  const res = await fetch(url, { method: 'POST', headers, body: new URLSearchParams(params) });
  return res.status;
}

interface LoadResult {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

function load(target: string): Promise<LoadResult> {
  const options = JSON.stringify({
    target,
    token: TOKEN,
    concurrency: CONCURRENCY,
    warmupMs: 1500,
    durationMs: SECONDS * 1000,
  });
  const { command, args } = pinned(1, bin('tsx'), [join(appDir, 'bench/loadgen.ts'), options]);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: appDir, env: quietEnv });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').pop() ?? '{}'))
        : reject(new Error(`loadgen exited ${code}`)),
    );
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

async function throughput(bundle: string, bundleNoQueue: string): Promise<void> {
  // Local ingestion sink so the queue consumer acks instead of retrying.
  let forwarded = 0;
  const sink = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      forwarded++;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
  const sinkPort = (sink.address() as AddressInfo).port;

  const workerPort = 18787;
  const expressPort = 18788;
  const miniflarePort = 18789;
  const noQueuePort = 18790;
  const directPort = 18791;
  const secrets = {
    TWILIO_AUTH_TOKEN: TOKEN,
    INGEST_URL: `http://127.0.0.1:${sinkPort}/ingest`,
    INGEST_SECRET: 'bench-ingest-secret-0123456789abcdef0123',
  };
  const workDir = mkdtempSync(join(tmpdir(), 'webhook-edge-bench-'));
  const envFile = join(workDir, 'bench.env');
  writeFileSync(
    envFile,
    Object.entries(secrets)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n'),
  );
  const wrangler = pinned(0, bin('wrangler'), [
    'dev',
    '--port',
    String(workerPort),
    '--ip',
    '127.0.0.1',
    '--env-file',
    envFile,
    '--persist-to',
    join(workDir, 'state'),
    '--log-level',
    'warn',
    '--show-interactive-dev-session=false',
  ]);
  start(wrangler.command, wrangler.args);
  const express = pinned(0, bin('tsx'), [
    join(appDir, 'bench/express-server.ts'),
    String(expressPort),
    TOKEN,
  ]);
  start(express.command, express.args);
  const miniflare = pinned(0, bin('tsx'), [
    join(appDir, 'bench/miniflare-server.ts'),
    String(miniflarePort),
    bundle,
    JSON.stringify({ ...secrets, STATUS_CALLBACK_FRAGMENT: 'rc=3&rp=ct,rt,5xx' }),
  ]);
  start(miniflare.command, miniflare.args);
  // The worker on its own workerd socket (no Miniflare entry worker in front), with the local
  // Queue and consumer, and the same with the queue stubbed (the worker's own work only).
  const direct = pinned(0, bin('tsx'), [
    join(appDir, 'bench/miniflare-server.ts'),
    String(directPort),
    bundle,
    JSON.stringify({ ...secrets, STATUS_CALLBACK_FRAGMENT: 'rc=3&rp=ct,rt,5xx' }),
    'direct',
  ]);
  start(direct.command, direct.args);
  const noQueue = pinned(0, bin('tsx'), [
    join(appDir, 'bench/miniflare-server.ts'),
    String(noQueuePort),
    bundleNoQueue,
    JSON.stringify({ ...secrets, STATUS_CALLBACK_FRAGMENT: 'rc=3&rp=ct,rt,5xx' }),
    'direct',
  ]);
  start(noQueue.command, noQueue.args);

  const workerUrl = `http://127.0.0.1:${workerPort}/twilio/status`;
  const expressUrl = `http://127.0.0.1:${expressPort}/twilio/status`;
  const miniflareUrl = `http://127.0.0.1:${miniflarePort}/twilio/status`;
  await waitFor(
    async () => (await fetch(`http://127.0.0.1:${workerPort}/health`)).ok,
    'wrangler dev',
    120_000,
  );
  await waitFor(async () => (await postStatus(expressUrl, '')) === 204, 'express');
  for (const port of [miniflarePort, directPort, noQueuePort]) {
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health`)).ok, 'miniflare');
  }
  // Every server really checks signatures: signed 204, unsigned 400, wrong 403.
  const targets = {
    'wrangler dev': workerUrl,
    'workerd (Miniflare API)': miniflareUrl,
    'workerd direct socket': `http://127.0.0.1:${directPort}/twilio/status`,
    'direct, queue stubbed': `http://127.0.0.1:${noQueuePort}/twilio/status`,
    express: expressUrl,
  };
  type Target = keyof typeof targets;
  const names = Object.keys(targets) as Target[];
  for (const url of Object.values(targets)) {
    const statuses = [
      await postStatus(url, ''),
      await postStatus(url, null),
      await postStatus(url, 'x'),
    ];
    if (statuses.join() !== '204,400,403') throw new Error(`${url}: sanity check gave ${statuses}`);
  }

  // Let the queue consumers finish forwarding the previous run's events (they share CPU 0).
  const settle = async () => {
    const until = Date.now() + 30_000;
    let last = -1;
    while (forwarded !== last && Date.now() < until) {
      last = forwarded;
      await new Promise((r) => setTimeout(r, 1500));
    }
  };
  const results = Object.fromEntries(names.map((n) => [n, [] as LoadResult[]])) as Record<
    Target,
    LoadResult[]
  >;
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate: each round starts with the next server.
    const order = names.map((_, i) => names[(i + round) % names.length] as Target);
    for (const name of order) {
      await settle();
      const result = await load(targets[name]);
      results[name].push(result);
      console.log(
        `round ${round + 1} ${name.padEnd(24)} ${result.rps.toFixed(0).padStart(6)} req/s  p50 ${result.p50.toFixed(2)} ms  p99 ${result.p99.toFixed(2)} ms  non-204 ${result.errors}`,
      );
    }
  }
  const summary = (name: Target) => ({
    rps: median(results[name].map((r) => r.rps)),
    p99: median(results[name].map((r) => r.p99)),
  });
  const baseline = summary('express');
  for (const name of names) {
    const s = summary(name);
    console.log(
      `median ${name.padEnd(24)} ${s.rps.toFixed(0).padStart(6)} req/s  p99 ${s.p99.toFixed(2)} ms` +
        (name === 'express'
          ? '  (baseline: Express + twilio.webhook())'
          : `  → ${(s.rps / baseline.rps).toFixed(2)}× throughput, ${(s.p99 / baseline.p99).toFixed(2)}× p99 vs express (target ≥ 1.0×)`),
    );
  }
  console.log(
    `settings: ${ROUNDS} rounds × ${SECONDS} s, concurrency ${CONCURRENCY}, ${hasTaskset ? 'servers on CPU 0, load on CPU 1' : 'no taskset'}; events forwarded by the consumers during the runs: ${forwarded}; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  stopAll();
  sink.close();
  rmSync(workDir, { recursive: true, force: true });
}

const outdir = mkdtempSync(join(tmpdir(), 'webhook-edge-dist-'));
try {
  const bundle = bundleSize(outdir);
  if (!process.argv.includes('--size-only')) {
    await throughput(bundle, await bundleWorker(join(appDir, 'bench/worker-without-queue.ts')));
  }
} finally {
  stopAll();
  rmSync(outdir, { recursive: true, force: true });
}
process.exit(0);
