// `pnpm preflight <project>`: everything a deploy of this repository to <project> needs,
// checked before any deploy, every gap listed at once. Pure but for reading files and the one
// injected look-up of secrets (the Firebase CLI online; values files offline), so tests run it
// on fixture directories.
import { join, relative, resolve } from 'node:path';
import {
  configurationProblems,
  isLocalHost,
  isLocalSecretValue,
} from '../../src/functions/configuration.ts';
import { REGION } from '../../src/functions/options.ts';
import { deployedSecrets, SECRET_NAMES, type SecretName } from '../../src/functions/secrets.ts';
import { twilioSenderSchema } from '../../src/settings/settings-schema.ts';
import { fingerprint, parseDotenv, parseJsonc, parseValuesFile, readIfExists } from './files.ts';

/** Where a check belongs, in the order they are printed. */
export type PreflightArea =
  | 'functions env'
  | 'functions secrets'
  | 'firebase.json'
  | 'worker'
  | 'shared secrets'
  | 'twilio sender';

/** One finding: a gap (`ok: false`) blocks the deploy; a note (`ok: true`) is information. */
export interface PreflightCheck {
  area: PreflightArea;
  ok: boolean;
  /** The variable, file or setting concerned. */
  subject: string;
  message: string;
}

/** The answer of a secret look-up. */
export type SecretLookup =
  | { found: true; value: string }
  | { found: false; reason: 'absent' | 'unavailable'; message: string };

/** Options of {@link runPreflight}. */
export interface PreflightOptions {
  /** The Firebase project id or `.firebaserc` alias. */
  project: string;
  /** The repository's root. */
  root: string;
  /**
   * Reads a secret's current value from Secret Manager (`firebase functions:secrets:access`);
   * absent = offline. An `unavailable` answer (no credentials, no network) switches to offline.
   */
  accessSecret?: ((name: SecretName) => SecretLookup) | undefined;
  /** Offline values of the functions' secrets (default `apps/functions/.secret.<project>`). */
  secretsFile?: string | undefined;
  /** The worker's secret values (`TWILIO_AUTH_TOKEN`, `INGEST_SECRET`): what `wrangler secret bulk` got. */
  workerSecretsFile?: string | undefined;
  /** The `settings/notifications` document (or the staff API's settings answer) as JSON. */
  settingsFile?: string | undefined;
  /** A wrangler environment (`env.<name>` of wrangler.jsonc) instead of the top level. */
  workerEnv?: string | undefined;
  /** Sender from the environment when there is no settings file (`TWILIO_MESSAGING_SERVICE_SID`, `TWILIO_SMS_FROM`). */
  env?: Readonly<Record<string, string | undefined>>;
}

/** What {@link runPreflight} found. */
export interface PreflightReport {
  project: string;
  /** The project id (`.firebaserc` alias resolved). */
  projectId: string;
  checks: PreflightCheck[];
  gaps: PreflightCheck[];
}

/** Names the Firebase CLI refuses in a functions `.env` file. */
const RESERVED_ENV = new Set([
  'FIREBASE_CONFIG',
  'CLOUD_RUNTIME_CONFIG',
  'EVENTARC_CLOUD_EVENT_SOURCE',
  'ENTRY_POINT',
  'GCP_PROJECT',
  'GCLOUD_PROJECT',
  'GOOGLE_CLOUD_PROJECT',
  'FUNCTION_TRIGGER_TYPE',
  'FUNCTION_NAME',
  'FUNCTION_MEMORY_MB',
  'FUNCTION_TIMEOUT_SEC',
  'FUNCTION_IDENTITY',
  'FUNCTION_REGION',
  'FUNCTION_TARGET',
  'FUNCTION_SIGNATURE_TYPE',
  'K_SERVICE',
  'K_REVISION',
  'PORT',
  'K_CONFIGURATION',
]);
const RESERVED_PREFIX = /^(?:X_GOOGLE_|FIREBASE_|EXT_)/;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const asList = (v: unknown): Json[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter(isObject);

/** Checks the target configuration of `options.project`; never prints or returns a secret's value. */
export function runPreflight(options: PreflightOptions): PreflightReport {
  const root = resolve(options.root);
  const checks: PreflightCheck[] = [];
  const gap = (area: PreflightArea, subject: string, message: string) =>
    checks.push({ area, ok: false, subject, message });
  const note = (area: PreflightArea, subject: string, message: string) =>
    checks.push({ area, ok: true, subject, message });
  const rel = (path: string) => relative(root, path) || '.';

  // ── .firebaserc: alias → project id, Hosting targets ────────────────────────────────────
  let firebaserc: Json | undefined;
  const rcText = readIfExists(join(root, '.firebaserc'));
  if (rcText !== undefined) {
    try {
      firebaserc = parseJsonc(rcText) as Json;
    } catch (e) {
      gap('firebase.json', '.firebaserc', `is not valid JSON (${(e as Error).message})`);
    }
  }
  const aliases = isObject(firebaserc?.projects) ? (firebaserc.projects as Json) : {};
  const aliased = aliases[options.project];
  const projectId = typeof aliased === 'string' ? aliased : options.project;

  // ── apps/functions/.env, .env.<project>: the plain configuration ────────────────────────
  const functionsDir = join(root, 'apps/functions');
  const envNames = ['.env', `.env.${projectId}`];
  if (projectId !== options.project) envNames.push(`.env.${options.project}`);
  const env: Record<string, string> = {};
  const loaded: string[] = [];
  for (const name of envNames) {
    const text = readIfExists(join(functionsDir, name));
    if (text === undefined) continue;
    loaded.push(name);
    const values = parseDotenv(text);
    for (const key of Object.keys(values)) {
      if ((SECRET_NAMES as readonly string[]).includes(key))
        gap(
          'functions env',
          key,
          `is a secret: remove it from apps/functions/${name} and use firebase functions:secrets:set ${key} --project ${projectId}`,
        );
      else if (RESERVED_ENV.has(key) || RESERVED_PREFIX.test(key))
        gap('functions env', key, `is reserved by Firebase: remove it from apps/functions/${name}`);
      else if (key === 'FUNCTIONS_EMULATOR')
        gap(
          'functions env',
          key,
          `would turn off the production checks: remove it from apps/functions/${name}`,
        );
    }
    Object.assign(env, values);
  }
  if (!loaded.includes(`.env.${projectId}`) && !loaded.includes(`.env.${options.project}`)) {
    gap(
      'functions env',
      `apps/functions/.env.${options.project}`,
      'is missing (every plain variable of .env.example: EDGE_PUBLIC_URL, APP_PUBLIC_URL, TWILIO_ACCOUNT_SID, SHORT_LINK_DOMAIN, MAIL_FROM, PUSH_MODE=fcm…)',
    );
  } else {
    note('functions env', loaded.map((n) => `apps/functions/${n}`).join(' + '), 'read');
  }
  if (loaded.includes('.env')) {
    note(
      'functions env',
      'apps/functions/.env',
      'is deployed to every project too (the CLI loads it before .env.<project>)',
    );
  }

  // ── the functions' secrets: Secret Manager online, a values file offline ────────────────
  const wanted = deployedSecrets();
  const secretValues: Partial<Record<SecretName, string>> = {};
  const unknown = new Map<SecretName, string>();
  let offline = options.accessSecret === undefined;
  if (options.accessSecret) {
    for (const name of wanted) {
      const answer = options.accessSecret(name);
      if (answer.found) secretValues[name] = answer.value;
      else if (answer.reason === 'absent')
        unknown.set(
          name,
          `is not set in Secret Manager (firebase functions:secrets:set ${name} --project ${projectId})`,
        );
      else {
        note(
          'functions secrets',
          'Secret Manager',
          `not reachable (${answer.message}): checking offline values instead`,
        );
        offline = true;
        break;
      }
    }
  }
  if (offline) {
    for (const name of Object.keys(secretValues)) delete secretValues[name as SecretName];
    unknown.clear();
    const candidates = [...new Set([options.project, projectId])].map((name) =>
      join(functionsDir, `.secret.${name}`),
    );
    const file =
      options.secretsFile ??
      candidates.find((path) => readIfExists(path) !== undefined) ??
      (candidates[0] as string);
    const text = readIfExists(file);
    if (text === undefined) {
      for (const name of wanted)
        unknown.set(
          name,
          `not verified: no Firebase credentials or --offline, and no values file (${rel(file)}; --secrets FILE)`,
        );
    } else {
      note(
        'functions secrets',
        rel(file),
        'offline values (the real check: run without --offline, logged in to Firebase)',
      );
      const values = parseValuesFile(text);
      for (const name of wanted) {
        const value = values[name];
        if (value) secretValues[name] = value;
        else unknown.set(name, `is not in ${rel(file)}`);
      }
    }
  } else {
    note(
      'functions secrets',
      'Secret Manager',
      `read with firebase functions:secrets:access --project ${projectId}`,
    );
  }
  for (const [name, message] of unknown) gap('functions secrets', name, message);

  // The runtime's own rules, on the plain values and the secrets we could read.
  const known = wanted.filter((name) => secretValues[name] !== undefined);
  const problems = configurationProblems({ ...env, ...secretValues }, { secrets: wanted });
  for (const p of problems) {
    if (unknown.has(p.variable as SecretName)) continue;
    const area: PreflightArea = (SECRET_NAMES as readonly string[]).includes(p.variable)
      ? 'functions secrets'
      : 'functions env';
    gap(area, p.variable, p.message);
  }
  for (const name of known) {
    if (!problems.some((p) => p.variable === name)) note('functions secrets', name, 'set');
  }

  // ── firebase.json: the codebase, Hosting rewrites, Firestore rules ──────────────────────
  const firebaseText = readIfExists(join(root, 'firebase.json'));
  let firebase: Json | undefined;
  if (firebaseText === undefined) {
    gap(
      'firebase.json',
      'firebase.json',
      'is missing at the root (functions codebase, Hosting rewrites, Firestore rules and indexes)',
    );
  } else {
    try {
      firebase = parseJsonc(firebaseText) as Json;
    } catch (e) {
      gap('firebase.json', 'firebase.json', `is not valid JSON (${(e as Error).message})`);
    }
  }
  if (firebase) {
    const codebase = asList(firebase.functions).find(
      (f) => typeof f.source === 'string' && resolve(root, f.source) === join(functionsDir, 'dist'),
    );
    if (!codebase) {
      gap(
        'firebase.json',
        'functions',
        'no codebase has "source": "apps/functions/dist" (the bundled build)',
      );
    } else {
      if (codebase.runtime !== 'nodejs22')
        gap(
          'firebase.json',
          'functions.runtime',
          `must be "nodejs22" (is ${JSON.stringify(codebase.runtime)})`,
        );
      const configDir = resolve(root, String(codebase.configDir ?? codebase.source));
      if (configDir !== functionsDir)
        gap(
          'firebase.json',
          'functions.configDir',
          `must be "apps/functions": the CLI reads .env.${options.project} from ${rel(configDir)}`,
        );
      else
        note(
          'firebase.json',
          'functions',
          `source apps/functions/dist, nodejs22, env from apps/functions`,
        );
    }
    const hosting = asList(firebase.hosting);
    const rewrites = hosting.flatMap((site, index) =>
      asList(site.rewrites).map((r, order): Json & { site: string; order: number } => ({
        ...r,
        site: String(site.target ?? site.site ?? index),
        order,
      })),
    );
    const target = (r: Json): { id: string; region?: string } | undefined =>
      typeof r.function === 'string'
        ? { id: r.function }
        : isObject(r.function) && typeof r.function.functionId === 'string'
          ? {
              id: r.function.functionId,
              ...(typeof r.function.region === 'string' ? { region: r.function.region } : {}),
            }
          : undefined;
    for (const [source, fn] of [
      ['/t/**', 'customerApi'],
      ['/api/public/**', 'customerApi'],
      ['/api/**', 'staffApi'],
    ] as const) {
      const found = rewrites.filter((r) => r.source === source && target(r)?.id === fn);
      if (found.length === 0)
        gap('firebase.json', `hosting ${source}`, `no Hosting site rewrites ${source} to ${fn}`);
      for (const r of found) {
        const region = target(r)?.region;
        if (region && region !== REGION)
          gap(
            'firebase.json',
            `hosting ${source}`,
            `rewrites to ${fn} in ${region}; the functions run in ${REGION}`,
          );
      }
    }
    // First match wins: /api/** before /api/public/** on one site sends the public API to staffApi.
    for (const site of new Set(rewrites.map((r) => r.site))) {
      const mine = rewrites.filter((r) => r.site === site);
      const api = mine.find((r) => r.source === '/api/**');
      const pub = mine.find((r) => r.source === '/api/public/**');
      if (api && pub && api.order < pub.order)
        gap(
          'firebase.json',
          `hosting ${site}`,
          '/api/** comes before /api/public/**: the customer API would reach staffApi',
        );
    }
    if (
      hosting.length > 0 &&
      !checks.some((c) => c.area === 'firebase.json' && c.subject.startsWith('hosting') && !c.ok)
    )
      note(
        'firebase.json',
        'hosting',
        '/t/** and /api/public/** → customerApi, /api/** → staffApi',
      );
    const targets = hosting
      .map((site) => site.target)
      .filter((t): t is string => typeof t === 'string');
    if (targets.length > 0) {
      const rcTargets = isObject(firebaserc?.targets)
        ? (firebaserc.targets as Json)[projectId]
        : undefined;
      const bound =
        isObject(rcTargets) && isObject(rcTargets.hosting) ? (rcTargets.hosting as Json) : {};
      for (const t of targets) {
        const sites = bound[t];
        if (!Array.isArray(sites) || sites.length === 0)
          gap(
            'firebase.json',
            `hosting target ${t}`,
            `is not bound to a site of ${projectId} in .firebaserc (firebase target:apply hosting ${t} <site-id> --project ${projectId})`,
          );
      }
    }
    const firestore = isObject(firebase.firestore) ? firebase.firestore : undefined;
    for (const key of ['rules', 'indexes'] as const) {
      const file = firestore?.[key];
      if (typeof file !== 'string') gap('firebase.json', `firestore.${key}`, 'is not set');
      else if (readIfExists(join(root, file)) === undefined)
        gap('firebase.json', `firestore.${key}`, `names ${file}, which does not exist`);
    }
  }

  // ── apps/webhook-edge/wrangler.jsonc: vars and queues ────────────────────────────────────
  const wranglerPath = join(root, 'apps/webhook-edge/wrangler.jsonc');
  const wranglerText = readIfExists(wranglerPath);
  let worker: Json | undefined;
  if (wranglerText === undefined) gap('worker', rel(wranglerPath), 'is missing');
  else {
    try {
      const config = parseJsonc(wranglerText) as Json;
      if (options.workerEnv) {
        const envs = isObject(config.env) ? config.env : {};
        worker = isObject(envs[options.workerEnv]) ? (envs[options.workerEnv] as Json) : undefined;
        if (!worker) gap('worker', `env.${options.workerEnv}`, 'is not in wrangler.jsonc');
      } else worker = config;
    } catch (e) {
      gap('worker', rel(wranglerPath), `is not valid JSONC (${(e as Error).message})`);
    }
  }
  if (worker) {
    const vars = isObject(worker.vars) ? (worker.vars as Record<string, unknown>) : {};
    const ingestUrl = typeof vars.INGEST_URL === 'string' ? vars.INGEST_URL : '';
    const urlProblem = (value: string): string | null => {
      try {
        const url = new URL(value);
        if (isLocalHost(url.hostname)) return `points at a local address (${value})`;
        if (url.protocol !== 'https:') return `must be an https URL (${value})`;
        return null;
      } catch {
        return `is not a URL (${value})`;
      }
    };
    if (!ingestUrl)
      gap('worker', 'vars.INGEST_URL', "is not set (the ingestTwilioEvent function's URL)");
    else {
      const problem = urlProblem(ingestUrl);
      if (problem) gap('worker', 'vars.INGEST_URL', problem);
      else if (!/ingesttwilioevent/i.test(ingestUrl))
        note(
          'worker',
          'vars.INGEST_URL',
          `does not name ingestTwilioEvent (${ingestUrl}): make sure it reaches it`,
        );
      else note('worker', 'vars.INGEST_URL', ingestUrl);
    }
    const publicBase = typeof vars.PUBLIC_BASE_URL === 'string' ? vars.PUBLIC_BASE_URL : '';
    if (publicBase) {
      const problem = urlProblem(publicBase);
      if (problem) gap('worker', 'vars.PUBLIC_BASE_URL', problem);
      else if (
        env.EDGE_PUBLIC_URL &&
        publicBase.replace(/\/+$/, '') !== env.EDGE_PUBLIC_URL.replace(/\/+$/, '')
      )
        gap(
          'worker',
          'vars.PUBLIC_BASE_URL',
          `is ${publicBase} but the functions send callbacks to EDGE_PUBLIC_URL=${env.EDGE_PUBLIC_URL}: signatures would not match`,
        );
    }
    for (const secret of ['TWILIO_AUTH_TOKEN', 'INGEST_SECRET']) {
      if (secret in vars)
        gap(
          'worker',
          `vars.${secret}`,
          `is a secret: remove it from wrangler.jsonc and use wrangler secret put ${secret}`,
        );
    }
    const queues = isObject(worker.queues) ? worker.queues : {};
    const producer = asList(queues.producers).find((p) => p.binding === 'EVENTS_QUEUE');
    if (!producer || typeof producer.queue !== 'string')
      gap('worker', 'queues.producers', 'no producer binds EVENTS_QUEUE');
    else {
      const consumer = asList(queues.consumers).find((c) => c.queue === producer.queue);
      if (!consumer) gap('worker', 'queues.consumers', `nothing consumes ${producer.queue}`);
      else if (typeof consumer.dead_letter_queue !== 'string' || !consumer.dead_letter_queue)
        gap('worker', 'queues.consumers', `${producer.queue} has no dead_letter_queue`);
      else
        note(
          'worker',
          'queues',
          `EVENTS_QUEUE → ${producer.queue}, consumed with dead letters to ${consumer.dead_letter_queue}`,
        );
    }
  }

  // ── the worker's secrets against the functions', by fingerprint ─────────────────────────
  const workerFile = options.workerSecretsFile;
  const workerText = workerFile ? readIfExists(workerFile) : undefined;
  if (!workerFile || workerText === undefined) {
    gap(
      'shared secrets',
      'INGEST_SECRET, TWILIO_AUTH_TOKEN',
      `not verified: Cloudflare never reads a secret back; pass --worker-secrets FILE (the values given to wrangler secret put / secret bulk)${workerFile ? `: ${rel(workerFile)} does not exist` : ''}`,
    );
  } else {
    const values = parseValuesFile(workerText);
    for (const [workerName, functionsName, minLength] of [
      ['INGEST_SECRET', 'INGEST_HMAC_SECRET', 32],
      ['TWILIO_AUTH_TOKEN', 'TWILIO_AUTH_TOKEN', 16],
    ] as const) {
      const mine = values[workerName];
      const theirs = secretValues[functionsName];
      if (!mine) {
        gap('shared secrets', workerName, `is not in ${rel(workerFile)}`);
        continue;
      }
      if (isLocalSecretValue(mine))
        gap('shared secrets', workerName, "the worker's value is a local one");
      else if (mine.length < minLength)
        gap(
          'shared secrets',
          workerName,
          `the worker's value is shorter than ${minLength} characters`,
        );
      if (theirs === undefined) {
        gap(
          'shared secrets',
          workerName,
          `worker ${fingerprint(mine)}; the functions' ${functionsName} could not be read to compare`,
        );
      } else if (fingerprint(mine) !== fingerprint(theirs)) {
        gap(
          'shared secrets',
          workerName,
          `worker ${fingerprint(mine)} ≠ functions ${functionsName} ${fingerprint(theirs)}: they must be the same value`,
        );
      } else {
        note(
          'shared secrets',
          workerName,
          `worker = functions ${functionsName} (${fingerprint(mine)})`,
        );
      }
    }
  }

  // ── Twilio: the Messaging Service or a sender ───────────────────────────────────────────
  const processEnv = options.env ?? {};
  let sender: unknown;
  let senderFrom = '';
  if (options.settingsFile) {
    const text = readIfExists(options.settingsFile);
    if (text === undefined) gap('twilio sender', rel(options.settingsFile), 'does not exist');
    else {
      try {
        const doc = JSON.parse(text) as Json;
        sender = isObject(doc.twilio)
          ? doc.twilio
          : isObject(doc.settings)
            ? (doc.settings as Json).twilio
            : undefined;
        senderFrom = rel(options.settingsFile);
      } catch (e) {
        gap(
          'twilio sender',
          rel(options.settingsFile),
          `is not valid JSON (${(e as Error).message})`,
        );
      }
    }
  } else if (processEnv.TWILIO_MESSAGING_SERVICE_SID || processEnv.TWILIO_SMS_FROM) {
    sender = {
      ...(processEnv.TWILIO_MESSAGING_SERVICE_SID
        ? { messagingServiceSid: processEnv.TWILIO_MESSAGING_SERVICE_SID }
        : {}),
      ...(processEnv.TWILIO_SMS_FROM ? { smsFrom: processEnv.TWILIO_SMS_FROM } : {}),
    };
    senderFrom = 'the environment';
  }
  if (sender === undefined && !checks.some((c) => c.area === 'twilio sender')) {
    gap(
      'twilio sender',
      'settings.twilio',
      'not verified: pass --settings FILE (settings/notifications with its twilio section) or set TWILIO_MESSAGING_SERVICE_SID / TWILIO_SMS_FROM',
    );
  } else if (sender !== undefined) {
    const parsed = twilioSenderSchema.safeParse(sender);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        gap('twilio sender', `twilio.${issue.path.join('.')}`, `${issue.message} (${senderFrom})`);
    } else if (!parsed.data.messagingServiceSid && !parsed.data.smsFrom) {
      gap(
        'twilio sender',
        'twilio.messagingServiceSid',
        `neither a Messaging Service (MG…) nor an SMS sender is configured (${senderFrom})`,
      );
    } else {
      note(
        'twilio sender',
        'twilio',
        parsed.data.messagingServiceSid
          ? `Messaging Service ${parsed.data.messagingServiceSid} (${senderFrom})`
          : `sender ${parsed.data.smsFrom} (${senderFrom})`,
      );
    }
  }

  return { project: options.project, projectId, checks, gaps: checks.filter((c) => !c.ok) };
}

/** The report as the command prints it: every gap by area, then what was verified. */
export function formatReport(report: PreflightReport): string {
  const areas: PreflightArea[] = [
    'functions env',
    'functions secrets',
    'firebase.json',
    'worker',
    'shared secrets',
    'twilio sender',
  ];
  const lines = [
    `preflight ${report.project}${report.projectId !== report.project ? ` (${report.projectId})` : ''}`,
  ];
  for (const area of areas) {
    const mine = report.checks.filter((c) => c.area === area);
    if (mine.length === 0) continue;
    lines.push(`  ${area}`);
    for (const c of [...mine.filter((c) => !c.ok), ...mine.filter((c) => c.ok)])
      lines.push(`    ${c.ok ? '✓' : '✗'} ${c.subject}: ${c.message}`);
  }
  lines.push(
    report.gaps.length === 0
      ? `ready to deploy ${report.projectId}: no gap`
      : `${report.gaps.length} gap${report.gaps.length === 1 ? '' : 's'}: fix ${report.gaps.length === 1 ? 'it' : 'them'} before deploying ${report.projectId}`,
  );
  return lines.join('\n');
}
