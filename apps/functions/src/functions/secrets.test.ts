// The deploy manifest (`__endpoint`, what the Firebase CLI deploys) of every exported function
// lists every secret its code reads. "What its code reads" comes from the source, not from the
// table: the modules each export's handler loads (its own lazy imports and its file's shared
// ones, followed through every relative import), scanned for the ways a secret is read.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as entry from '../index.ts';
import { FUNCTION_SECRETS, type FunctionName, SECRET_NAMES, type SecretName } from './secrets.ts';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * How code reads each secret. Directly: the variable from the environment (`readEnv().X`,
 * `env.X`, `process.env.X`). Through the pipeline's dependencies, which `runtime()` fills from
 * the secrets: the senders (Twilio for SMS/WhatsApp, SMTP for email), the Twilio client, the
 * short-link key.
 */
const READS: Record<SecretName, RegExp[]> = {
  // `.senders.email` is the SMTP sender only, `.senders.sms` / `.whatsapp` Twilio only.
  // `media.twilio`: the Twilio credentials the inbound-media fetch uses (photos).
  TWILIO_AUTH_TOKEN: [
    /\.senders\b(?!\.(?:email|push)\b)/,
    /\b(?:deps|pipeline)\.twilio\b/,
    /\bmedia\??\.twilio\b/,
  ],
  SMTP_URL: [/\.senders\b(?!\.(?:sms|whatsapp|push)\b)/],
  SHORT_LINK_SECRET: [/\.shortLinkSecret\b/],
  INGEST_HMAC_SECRET: [],
};
for (const name of SECRET_NAMES) {
  READS[name].push(
    new RegExp(`\\b(?:env|readEnv\\(\\)|process\\.env)\\.${name}\\b`),
    new RegExp(`process\\.env\\[['"]${name}['"]\\]`),
  );
}

/**
 * Not followed: the builders that read every secret, each only for the functions whose row
 * declares it (`runtime.ts` through `FUNCTION_SECRETS`, `configuration.ts` checks them).
 */
const BUILDERS = new Set(['functions/runtime.ts', 'functions/configuration.ts']);

/** Source without comments (strings kept: `https://` is not a comment). */
function code(file: string): string {
  return readFileSync(file, 'utf8').replace(
    /("(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`)|\/\/[^\n]*|\/\*[\s\S]*?\*\//g,
    (_m, str: string | undefined) => str ?? '',
  );
}

/** Relative modules `text` loads when it runs (static, dynamic, re-exports; not `import type`). */
function importsOf(text: string, from: string): string[] {
  const running = text.replace(/\bimport\s+type\s[^;]*?from\s*['"][^'"]+['"]/g, '');
  const out: string[] = [];
  for (const m of running.matchAll(
    /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g,
  )) {
    out.push(resolve(dirname(from), m[1] as string));
  }
  return out;
}

/** Every module reachable from `starts`, builders excepted. */
function closure(starts: string[]): string[] {
  const seen = new Set<string>();
  const stack = [...starts];
  while (stack.length > 0) {
    const file = stack.pop() as string;
    if (seen.has(file) || BUILDERS.has(relative(SRC, file))) continue;
    if (!existsSync(file)) throw new Error(`unresolved import ${file}`);
    seen.add(file);
    stack.push(...importsOf(code(file), file));
  }
  return [...seen];
}

/** `export { a, b } from './functions/x.ts'` of src/index.ts: export name → defining file. */
function exportsOfEntry(): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of code(resolve(SRC, 'index.ts')).matchAll(
    /export\s*\{([^}]*)\}\s*from\s*['"]([^'"]+)['"]/g,
  )) {
    for (const name of (m[1] as string)
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean)) {
      out.set(name, resolve(SRC, m[2] as string));
    }
  }
  return out;
}

/**
 * The code of `name` in its file: its own declaration (`export const name = …` up to the next
 * top-level export) plus what the file's other functions do not own (imports, shared helpers).
 */
function definitionOf(name: string, file: string, exported: Set<string>): string {
  const text = code(file);
  const starts = [...text.matchAll(/^export\s+(?:const|function|async\s+function)\s+(\w+)/gm)].map(
    (m) => ({ name: m[1] as string, at: m.index }),
  );
  const spans = starts.map((s, i) => ({ ...s, end: starts[i + 1]?.at ?? text.length }));
  const own = spans.find((s) => s.name === name);
  if (!own) throw new Error(`${name} is not declared in ${relative(SRC, file)}`);
  let shared = text;
  for (const s of [...spans].reverse()) {
    if (exported.has(s.name)) shared = shared.slice(0, s.at) + shared.slice(s.end);
  }
  return `${shared}\n${text.slice(own.at, own.end)}`;
}

/** The secrets `name`'s code reads, each with the first place it is read. */
function secretsReadBy(name: string, file: string, exported: Set<string>): Map<SecretName, string> {
  const definition = definitionOf(name, file, exported);
  const texts: [string, string][] = [[relative(SRC, file), definition]];
  for (const module of closure(importsOf(definition, file))) {
    if (module !== file) texts.push([relative(SRC, module), code(module)]);
  }
  const found = new Map<SecretName, string>();
  for (const secret of SECRET_NAMES) {
    for (const [where, text] of texts) {
      const hit = READS[secret].map((re) => re.exec(text)?.[0]).find(Boolean);
      if (hit) {
        found.set(secret, `${where}: ${hit}`);
        break;
      }
    }
  }
  return found;
}

interface Endpoint {
  secretEnvironmentVariables?: { key: string }[];
}

const entries = exportsOfEntry();
const exported = new Set(entries.keys());
const manifestOf = (name: string): string[] => {
  const fn = (entry as Record<string, { __endpoint?: Endpoint }>)[name];
  return (fn?.__endpoint?.secretEnvironmentVariables ?? []).map((s) => s.key).sort();
};

describe('secrets in the deploy manifest', () => {
  it('has one FUNCTION_SECRETS row per deployed function of src/index.ts', () => {
    const deployed = Object.entries(entry)
      .filter(([, value]) => typeof value === 'function' && '__endpoint' in value)
      .map(([name]) => name)
      .sort();
    expect(deployed.length).toBeGreaterThan(10);
    expect([...exported].sort()).toEqual(deployed);
    expect(Object.keys(FUNCTION_SECRETS).sort()).toEqual(deployed);
  });

  it.each([...entries])('%s declares every secret its code reads, and only those', (name, file) => {
    const reads = secretsReadBy(name, file, exported);
    const manifest = manifestOf(name);
    const missing = [...reads]
      .filter(([secret]) => !manifest.includes(secret))
      .map(([secret, where]) => `${name} reads ${secret} (${where}) but does not declare it`);
    const unread = manifest
      .filter((secret) => !reads.has(secret as SecretName))
      .map((secret) => `${name} declares ${secret} but its code never reads it`);
    expect([...missing, ...unread]).toEqual([]);
    expect(manifest).toEqual([...FUNCTION_SECRETS[name as FunctionName]].sort());
  });

  it('finds reads through every path the scan knows (the scan itself is not blind)', () => {
    const send = secretsReadBy(
      'sendNotification',
      entries.get('sendNotification') as string,
      exported,
    );
    expect([...send.keys()].sort()).toEqual(['SHORT_LINK_SECRET', 'SMTP_URL', 'TWILIO_AUTH_TOKEN']);
    const ingest = secretsReadBy(
      'ingestTwilioEvent',
      entries.get('ingestTwilioEvent') as string,
      exported,
    );
    expect(ingest.get('INGEST_HMAC_SECRET')).toMatch(
      /^functions\/ingest\.ts: readEnv\(\)\.INGEST_HMAC_SECRET$/,
    );
    const reconcile = secretsReadBy(
      'reconcileStuck',
      entries.get('reconcileStuck') as string,
      exported,
    );
    expect(reconcile.get('TWILIO_AUTH_TOKEN')).toMatch(/^schedules\/reconcile\.ts: deps\.twilio$/);
    // Only its own lazy imports: the budget schedule shares a file with the reconciliations.
    expect(secretsReadBy('budgetCheck', entries.get('budgetCheck') as string, exported).size).toBe(
      0,
    );
  });
});
