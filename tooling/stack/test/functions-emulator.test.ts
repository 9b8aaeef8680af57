import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { startChild } from '../src/child.ts';
import { REPO_ROOT } from '../src/env.ts';
import { memorySink } from '../src/log.ts';
import { freePort } from '../src/ports.ts';
import { binPath } from '../src/resolve-bin.ts';

// The deploy configuration as the Firebase CLI reads it: `firebase emulators:exec --only
// functions,auth` (the official Functions and Auth emulators from firebase-tools; the Firestore
// emulator needs Java and a download) loads the functions codebase of the root firebase.json —
// the bundle `pnpm --filter @omega/functions build` writes to apps/functions/dist, its
// package.json, its node_modules links, the env files of `configDir` — discovers the functions
// exactly as `firebase deploy` does, and this test checks that every export of the bundle was
// discovered, that the HTTPS functions and the task queue were started (the Firestore triggers
// and schedules are listed and left aside: their emulators are not running), that the staff API's
// and the customer API's health routes answer 200, that the staff API accepts a staff ID token
// from the Auth emulator, and that the CLI asked nothing of any host but the loopback (every
// request of its HTTP client is printed by `--debug`).
//
// Run from the real firebase.json with one difference: the emulators' ports. Suites must never
// listen on a fixed port (scripts/test-all.mjs runs them in parallel, and `pnpm dev` holds 5001
// and 9099), so the test writes a copy with free ports next to firebase.json (the CLI resolves
// every path from the config file's folder) and deletes it afterwards; its `functions`, `hosting`
// and `firestore` sections are the root file's, compared below.
//
// The bundle is rebuilt first (a few seconds) so it is this checkout's code. The secrets each
// function declares (`secretEnvironmentVariables` in its manifest) get test values in
// dist/.secret.local, where the Functions emulator reads them: a declared secret without a local
// value makes the emulator ask Google's Secret Manager for it. Afterwards dist/ holds what the
// build left there (the copy of apps/functions/.secret.local, when there is one).

const PROJECT = 'demo-omega-functions-emulator';
const DIST = join(REPO_ROOT, 'apps/functions/dist');
const config = JSON.parse(readFileSync(join(REPO_ROOT, 'firebase.json'), 'utf8'));

/** What the bundle exports, read from each function's deploy manifest (`__endpoint`). */
interface Export {
  name: string;
  trigger: 'https' | 'taskQueue' | 'event' | 'schedule' | 'other';
  region: string[];
  secrets: string[];
}

/** What the probe (test/support/emulator-probe.mjs) saw from inside `emulators:exec`. */
interface Probe {
  backends: {
    backends: Array<{
      directory: string;
      functionTriggers: Array<{
        entryPoint: string;
        name: string;
        region: string;
        httpsTrigger?: object;
      }>;
    }>;
  };
  staffHealth: Answer;
  customerHealth: Answer;
  staffMe: Answer;
  staffAnonymous: Answer;
}
interface Answer {
  url: string;
  status: number | null;
  body: unknown;
  ms: number;
}

/** Values for the secrets the functions declare (the emulator's `.secret.local`). */
function secretValue(name: string): string {
  if (name === 'SMTP_URL') return 'smtp://127.0.0.1:2525';
  return `emulator-test-${name.toLowerCase()}-0123456789abcdef0123456789abcdef`;
}

function bundleExports(): Export[] {
  const script = `
    const entry = await import(${JSON.stringify(join(DIST, 'index.js'))});
    const out = Object.entries(entry).map(([name, fn]) => {
      const e = fn?.__endpoint ?? {};
      const trigger = e.httpsTrigger ? 'https' : e.taskQueueTrigger ? 'taskQueue'
        : e.scheduleTrigger ? 'schedule' : e.eventTrigger ? 'event' : 'other';
      return { name, trigger, region: e.region ?? [],
        secrets: (e.secretEnvironmentVariables ?? []).map((s) => s.key) };
    });
    process.stdout.write(JSON.stringify(out));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: DIST,
    encoding: 'utf8',
    env: { ...process.env, FUNCTIONS_CONTROL_API: 'true' },
  });
  if (run.status !== 0) throw new Error(`cannot import the bundle: ${run.stderr}`);
  return JSON.parse(run.stdout) as Export[];
}

/** The environment without the variables that would make the CLI think it runs inside another suite. */
function withoutEmulatorVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  for (const name of [
    'FIRESTORE_EMULATOR_HOST',
    'FIREBASE_AUTH_EMULATOR_HOST',
    'FIREBASE_EMULATOR_HUB',
  ])
    delete copy[name];
  return copy;
}

const logs = memorySink(20_000);
let exported: Export[] = [];
let probe: Probe;
let exitCode: number | string;
let timings: { buildMs: number; emulatorMs: number };

beforeAll(async () => {
  const buildStarted = performance.now();
  const env = { ...process.env };
  delete env.OMEGA_BUILD_LOCAL;
  delete env.OMEGA_BUILD_OUTDIR;
  const build = spawnSync(process.execPath, [join(REPO_ROOT, 'apps/functions/scripts/build.mjs')], {
    cwd: join(REPO_ROOT, 'apps/functions'),
    env,
    encoding: 'utf8',
  });
  if (build.status !== 0)
    throw new Error(`the functions build failed:\n${build.stdout}${build.stderr}`);
  const buildMs = performance.now() - buildStarted;

  exported = bundleExports();
  const secrets = [...new Set(exported.flatMap((e) => e.secrets))].sort();
  writeFileSync(
    join(DIST, '.secret.local'),
    secrets.map((name) => `${name}=${secretValue(name)}\n`).join(''),
  );

  const host = '127.0.0.1';
  const port = async () => ({ host, port: await freePort(host) });
  const derived = {
    ...config,
    emulators: {
      ...config.emulators,
      auth: await port(),
      functions: await port(),
      hub: await port(),
      logging: await port(),
      tasks: await port(),
      eventarc: await port(),
      ui: { enabled: false },
    },
  };
  const configFile = join(REPO_ROOT, `.firebase-emulator-test-${process.pid}.json`);
  const work = mkdtempSync(join(tmpdir(), 'omega-functions-emulator-'));
  const out = join(work, 'probe.json');
  writeFileSync(configFile, `${JSON.stringify(derived, null, 2)}\n`);
  const started = performance.now();
  try {
    const child = startChild({
      piece: 'firebase',
      command: process.execPath,
      args: [
        binPath('firebase-tools', 'firebase'),
        'emulators:exec',
        '--config',
        configFile,
        '--only',
        'functions,auth',
        '--project',
        PROJECT,
        '--debug',
        `"${process.execPath}" "${new URL('./support/emulator-probe.mjs', import.meta.url).pathname}"`,
      ],
      // The CLI writes firebase-debug.log into its working folder.
      cwd: work,
      env: {
        ...withoutEmulatorVariables(process.env),
        // Offline: no update check, no message-of-the-day fetch (skipped under CI), no prompt.
        CI: 'true',
        NO_UPDATE_NOTIFIER: '1',
        FIREBASE_CLI_EXPERIMENTS: '',
        OMEGA_PROBE_OUT: out,
        OMEGA_PROBE_REGION: exported.find((e) => e.name === 'staffApi')?.region[0] ?? '',
      },
      sink: logs,
    });
    exitCode = await child.exited;
    probe = JSON.parse(readFileSync(out, 'utf8')) as Probe;
  } finally {
    rmSync(configFile, { force: true });
    rmSync(work, { recursive: true, force: true });
  }
  timings = { buildMs, emulatorMs: performance.now() - started };
  console.log(
    `functions emulator: build ${(timings.buildMs / 1000).toFixed(1)} s, emulators:exec ${(timings.emulatorMs / 1000).toFixed(1)} s`,
  );
}, 180_000);

afterAll(() => {
  // Back to what the build leaves: a copy of apps/functions/.secret.local when there is one.
  const own = join(REPO_ROOT, 'apps/functions/.secret.local');
  if (existsSync(own)) copyFileSync(own, join(DIST, '.secret.local'));
  else rmSync(join(DIST, '.secret.local'), { force: true });
});

/** The CLI's own lines (not its debug output), for a failure's message. */
function cliLines(): string {
  return logs.lines.filter((l) => !/\[\d{4}-\d\d-\d\dT/.test(l)).join('\n');
}

describe('firebase emulators:exec --only functions,auth from the root firebase.json', () => {
  it('runs the probe and exits 0', () => {
    onTestFailed(() => console.log(cliLines()));
    expect(exitCode).toBe(0);
  });

  it('discovers every function the bundle exports, from apps/functions/dist', () => {
    onTestFailed(() => console.log(cliLines()));
    const names = exported.map((e) => e.name).sort();
    expect(names).toContain('staffApi');
    expect(names).toContain('customerApi');
    expect(names).toContain('sendNotification');
    const backend = probe.backends.backends.find((b) => b.directory === DIST);
    expect(backend, JSON.stringify(probe.backends.backends.map((b) => b.directory))).toBeDefined();
    expect(backend?.functionTriggers.map((t) => t.entryPoint).sort()).toEqual(names);
  });

  it('starts the HTTPS functions and the task queue; leaves aside only triggers whose emulator is not running', () => {
    onTestFailed(() => console.log(cliLines()));
    const text = logs.lines.join('\n');
    for (const e of exported) {
      const label = `functions[${e.region[0]}-${e.name}]`;
      if (e.trigger === 'https' || e.trigger === 'taskQueue')
        expect(text, e.name).toContain(`${label}: http function initialized`);
      else
        expect(text, e.name).toMatch(
          new RegExp(
            `${label.replace(/[[\]]/g, '\\$&')}: function ignored because the (firestore|pubsub) emulator does not exist or is not running`,
          ),
        );
    }
  });

  it("answers the staff API's and the customer API's health routes with 200", () => {
    onTestFailed(() => console.log(cliLines()));
    expect(probe.staffHealth).toMatchObject({ status: 200, body: { ok: true } });
    expect(probe.customerHealth).toMatchObject({ status: 200, body: { ok: true } });
  });

  it("verifies a staff account's ID token against the Auth emulator", () => {
    onTestFailed(() => console.log(cliLines()));
    expect(probe.staffMe).toMatchObject({ status: 200, body: { staff: true } });
    expect(probe.staffAnonymous.status).toBe(401);
  });

  it('asks nothing of any host but the loopback: no download, no Secret Manager, no update check', () => {
    const requests = logs.lines.flatMap((l) => {
      const m = /\[apiv2\]\[query\] ([A-Z]+) (\S+)/.exec(l);
      return m ? [`${m[1]} ${m[2]}`] : [];
    });
    expect(requests.length).toBeGreaterThan(0); // the task queue's creation, at least
    expect(
      requests.filter((r) => !/^[A-Z]+ http:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(r)),
    ).toEqual([]);
    expect(logs.lines.filter((l) => /Trying to access secret|Secret Manager/.test(l))).toEqual([]);
    expect(
      logs.lines.filter((l) => /Unable to fetch the CLI MOTD|update available/i.test(l)),
    ).toEqual([]);
  });

  it('serves the Hosting rewrites from functions that exist, in their region', () => {
    const https = new Map(
      exported.filter((e) => e.trigger === 'https').map((e) => [e.name, e.region[0]]),
    );
    const rewrites = (
      config.hosting as Array<{
        rewrites?: Array<{ function?: { functionId: string; region: string } }>;
      }>
    )
      .flatMap((site) => site.rewrites ?? [])
      .flatMap((r) => (r.function ? [r.function] : []));
    expect(rewrites.length).toBeGreaterThanOrEqual(3);
    for (const r of rewrites) expect(https.get(r.functionId), r.functionId).toBe(r.region);
  });
});
