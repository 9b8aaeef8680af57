// `pnpm preflight <project>` on fixture repositories: a complete configuration passes, an
// incomplete one lists every gap, secret values are never printed; the command itself online
// (a stand-in Firebase CLI), without credentials (falls back to the values file) and offline.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDotenv, parseJsonc } from '../scripts/preflight/files.ts';
import { formatReport, runPreflight } from '../scripts/preflight/preflight.ts';

const FIXTURES = resolve(import.meta.dirname, 'fixtures/preflight');
const complete = join(FIXTURES, 'complete');
const incomplete = join(FIXTURES, 'incomplete');
const CLI = resolve(import.meta.dirname, '../scripts/preflight.ts');
const TSX = resolve(import.meta.dirname, '../node_modules/.bin/tsx');
const FAKE_FIREBASE = `${process.execPath} ${join(FIXTURES, 'fake-firebase.mjs')}`;

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});
function temp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-'));
  temps.push(dir);
  return dir;
}

/** Every value of the fixture's secrets files: none may appear in any output. */
function secretValues(dir: string): string[] {
  return ['secrets.env', 'worker-secrets.json', 'worker-secrets.env'].flatMap((name) => {
    try {
      const text = readFileSync(join(dir, name), 'utf8');
      return Object.values(
        name.endsWith('.json') ? JSON.parse(text) : parseDotenv(text),
      ) as string[];
    } catch {
      return [];
    }
  });
}

const offlineOptions = (root: string, worker = 'worker-secrets.json') => ({
  project: 'omega-prod',
  root,
  secretsFile: join(root, 'secrets.env'),
  workerSecretsFile: join(root, worker),
  settingsFile: join(root, 'settings.json'),
});

function cli(args: string[], env: Record<string, string> = {}) {
  const run = spawnSync(TSX, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, INIT_CWD: '', ...env },
    timeout: 60_000,
  });
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

describe('preflight on a complete configuration', () => {
  it('passes, with the shared secrets compared by fingerprint and never shown', () => {
    const report = runPreflight(offlineOptions(complete));
    expect(report.gaps).toEqual([]);
    const text = formatReport(report);
    expect(text).toContain('ready to deploy omega-prod: no gap');
    expect(text).toMatch(
      /INGEST_SECRET: worker = functions INGEST_HMAC_SECRET \(sha256:[0-9a-f]{12}\)/,
    );
    expect(text).toMatch(
      /TWILIO_AUTH_TOKEN: worker = functions TWILIO_AUTH_TOKEN \(sha256:[0-9a-f]{12}\)/,
    );
    expect(text).toContain('Messaging Service MG0123456789abcdef0123456789abcdef');
    for (const value of secretValues(complete)) expect(text).not.toContain(value);
  });

  it('resolves a .firebaserc alias to the project id (.env.<id>, Hosting targets)', () => {
    const report = runPreflight({ ...offlineOptions(complete), project: 'prod' });
    expect(report.projectId).toBe('omega-prod');
    expect(report.gaps).toEqual([]);
  });
});

describe('preflight on an incomplete configuration', () => {
  it('lists every gap at once, by area', () => {
    const report = runPreflight(offlineOptions(incomplete, 'worker-secrets.env'));
    expect(report.gaps.map((g) => `${g.area} | ${g.subject}`)).toEqual([
      'functions env | SHORT_LINK_SECRET',
      'functions secrets | INGEST_HMAC_SECRET',
      'functions env | EDGE_PUBLIC_URL',
      'functions env | APP_PUBLIC_URL',
      'functions env | PUSH_MODE',
      'functions env | SHORT_LINK_DOMAIN',
      'functions env | MAIL_FROM',
      'functions secrets | SHORT_LINK_SECRET',
      'functions env | TWILIO_ACCOUNT_SID',
      'functions secrets | SMTP_URL',
      'firebase.json | firebase.json',
      'worker | vars.INGEST_URL',
      'worker | vars.INGEST_SECRET',
      'worker | queues.consumers',
      'shared secrets | INGEST_SECRET',
      'shared secrets | TWILIO_AUTH_TOKEN',
      'twilio sender | twilio.messagingServiceSid',
    ]);
    const text = formatReport(report);
    expect(text).toContain(
      'SHORT_LINK_SECRET: is a secret: remove it from apps/functions/.env.omega-prod',
    );
    expect(text).toContain('EDGE_PUBLIC_URL: points at a local address (http://127.0.0.1:8787)');
    expect(text).toContain('PUSH_MODE: must be fcm');
    expect(text).toContain('SMTP_URL: points at a local mail server');
    expect(text).toContain('firebase.json: is missing at the root');
    expect(text).toContain('omega-twilio-events has no dead_letter_queue');
    expect(text).toMatch(
      /TWILIO_AUTH_TOKEN: worker sha256:[0-9a-f]{12} ≠ functions TWILIO_AUTH_TOKEN sha256:[0-9a-f]{12}: they must be the same value/,
    );
    expect(text).toContain('17 gaps: fix them before deploying omega-prod');
    for (const value of secretValues(incomplete)) expect(text).not.toContain(value);
  });

  it('with nothing at all, names each missing file and what it could not verify', () => {
    const report = runPreflight({ project: 'omega-prod', root: temp() });
    const subjects = report.gaps.map((g) => g.subject);
    expect(subjects).toEqual(
      expect.arrayContaining([
        'apps/functions/.env.omega-prod',
        'TWILIO_AUTH_TOKEN',
        'SMTP_URL',
        'SHORT_LINK_SECRET',
        'INGEST_HMAC_SECRET',
        'firebase.json',
        'apps/webhook-edge/wrangler.jsonc',
        'INGEST_SECRET, TWILIO_AUTH_TOKEN',
        'settings.twilio',
      ]),
    );
    expect(report.gaps.find((g) => g.subject === 'SMTP_URL')?.message).toContain('not verified');
  });

  it.each([
    [
      'a codebase on the sources',
      { source: 'apps/functions' },
      'no codebase has "source": "apps/functions/dist"',
    ],
    ['Node 20', { runtime: 'nodejs20' }, 'must be "nodejs22"'],
    [
      'no configDir',
      { configDir: undefined },
      'the CLI reads .env.omega-prod from apps/functions/dist',
    ],
  ])('reports firebase.json with %s', (_what, change, message) => {
    const root = temp();
    cpSync(complete, root, { recursive: true });
    const config = JSON.parse(readFileSync(join(root, 'firebase.json'), 'utf8'));
    config.functions[0] = { ...config.functions[0], ...change };
    config.hosting[1].rewrites.reverse();
    writeFileSync(join(root, 'firebase.json'), JSON.stringify(config));
    writeFileSync(join(root, '.firebaserc'), JSON.stringify({ projects: {} }));
    const messages = runPreflight(offlineOptions(root)).gaps.map(
      (g) => `${g.subject}: ${g.message}`,
    );
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining(message),
        'hosting dashboard: /api/** comes before /api/public/**: the customer API would reach staffApi',
        expect.stringMatching(
          /^hosting target links: is not bound to a site of omega-prod in \.firebaserc/,
        ),
      ]),
    );
  });
});

describe('the pnpm preflight command', () => {
  const values = Object.fromEntries(
    Object.entries(parseDotenv(readFileSync(join(complete, 'secrets.env'), 'utf8'))),
  );
  const worker = [
    '--worker-secrets',
    join(complete, 'worker-secrets.json'),
    '--settings',
    join(complete, 'settings.json'),
  ];

  it('online: reads each secret with firebase functions:secrets:access --project and passes', () => {
    const log = join(temp(), 'calls.log');
    const run = cli(['omega-prod', '--root', complete, '--firebase', FAKE_FIREBASE, ...worker], {
      FAKE_FIREBASE_SECRETS: JSON.stringify(values),
      FAKE_FIREBASE_LOG: log,
    });
    expect(run.out).toContain(
      'Secret Manager: read with firebase functions:secrets:access --project omega-prod',
    );
    expect(run.out).toContain('ready to deploy omega-prod: no gap');
    expect(run.status).toBe(0);
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual(
      ['TWILIO_AUTH_TOKEN', 'SMTP_URL', 'SHORT_LINK_SECRET', 'INGEST_HMAC_SECRET'].map(
        (name) => `functions:secrets:access ${name} --project omega-prod --non-interactive`,
      ),
    );
    for (const value of Object.values(values)) expect(run.out).not.toContain(value);
  });

  it('online: a secret Secret Manager does not have is a gap, exit 1', () => {
    const { INGEST_HMAC_SECRET: _absent, ...rest } = values;
    const run = cli(['omega-prod', '--root', complete, '--firebase', FAKE_FIREBASE, ...worker], {
      FAKE_FIREBASE_SECRETS: JSON.stringify(rest),
    });
    expect(run.out).toContain(
      '✗ INGEST_HMAC_SECRET: is not set in Secret Manager (firebase functions:secrets:set INGEST_HMAC_SECRET --project omega-prod)',
    );
    expect(run.out).toContain('INGEST_SECRET: worker sha256:');
    expect(run.status).toBe(1);
  });

  it('without credentials: says so and checks the offline values instead', () => {
    const run = cli(
      [
        'omega-prod',
        '--root',
        complete,
        '--firebase',
        FAKE_FIREBASE,
        '--secrets',
        join(complete, 'secrets.env'),
        ...worker,
      ],
      { FAKE_FIREBASE_MODE: 'unauthenticated' },
    );
    expect(run.out).toContain(
      'Secret Manager: not reachable (Error: Failed to authenticate, have you run firebase login?): checking offline values instead',
    );
    expect(run.out).toContain('ready to deploy omega-prod: no gap');
    expect(run.status).toBe(0);
  });

  it('offline: reads apps/functions/.secret.<project> by default; an incomplete config exits 1', () => {
    const root = temp();
    cpSync(complete, root, { recursive: true });
    cpSync(join(complete, 'secrets.env'), join(root, 'apps/functions/.secret.omega-prod'));
    const passing = cli(['omega-prod', '--offline', '--root', root, ...worker]);
    expect(passing.out).toContain('apps/functions/.secret.omega-prod: offline values');
    expect(passing.status).toBe(0);

    const failing = cli(['omega-prod', '--offline', '--root', incomplete]);
    expect(failing.status).toBe(1);
    expect(failing.out).toMatch(/\d+ gaps: fix them before deploying omega-prod/);
  });

  it('exit 2 on a usage error', () => {
    const run = cli(['--offline']);
    expect(run.status).toBe(2);
    expect(run.out).toContain('usage: pnpm preflight <project>');
  });
});

describe('configuration files as their tools read them', () => {
  it('parses dotenv the way the Firebase CLI does', () => {
    expect(
      parseDotenv(
        [
          '# comment',
          'A=plain # trailing comment',
          "B='single # kept'",
          'C="double\\nline"',
          'export D=exported',
          'E=',
          'MAIL_FROM="O\'MEGA Services <n@omega-services.fr>"',
        ].join('\n'),
      ),
    ).toEqual({
      A: 'plain',
      B: 'single # kept',
      C: 'double\nline',
      D: 'exported',
      E: '',
      MAIL_FROM: "O'MEGA Services <n@omega-services.fr>",
    });
  });

  it('parses JSONC with comments, trailing commas and // inside strings', () => {
    expect(parseJsonc('{ // c\n "url": "https://x.fr/a", /* b */ "list": [1, 2,], }')).toEqual({
      url: 'https://x.fr/a',
      list: [1, 2],
    });
  });
});
