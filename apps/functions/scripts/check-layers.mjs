#!/usr/bin/env node
// Checks that imports in src/ run one way, following the flow of a message:
//   functions → api / customer-api / ingest → pipeline (plan ← send) → consent → store → core
// (madge, in the root lint, checks that nothing is circular; this checks the direction).
// Prints every import that goes against it and exits 1, or prints a one-line summary.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const at = process.argv.indexOf('--src');
const src =
  at > 0 && process.argv[at + 1]
    ? resolve(process.argv[at + 1])
    : resolve(dirname(new URL(import.meta.url).pathname), '../src');

/** The folders (first path segment under src/, or pipeline/<sub>) and what each may not import. */
const FORBIDDEN = {
  store: ['pipeline', 'ingest', 'api', 'customer-api', 'customers', 'consent', 'functions', 'http'],
  consent: ['pipeline', 'ingest', 'api', 'customer-api', 'customers', 'functions'],
  'pipeline/plan': ['pipeline/send', 'ingest', 'api', 'customer-api', 'functions'],
  'pipeline/send': ['ingest', 'api', 'customer-api', 'functions'],
  pipeline: ['ingest', 'api', 'customer-api', 'functions'],
  ingest: ['api', 'customer-api', 'functions'],
  customers: ['api', 'customer-api', 'functions', 'ingest'],
  http: ['api', 'customer-api', 'functions', 'ingest', 'pipeline'],
  api: ['customer-api', 'functions'],
  adapters: ['pipeline', 'ingest', 'api', 'customer-api', 'functions', 'consent'],
  settings: ['pipeline', 'ingest', 'api', 'customer-api', 'functions', 'consent'],
  queue: ['pipeline', 'ingest', 'api', 'customer-api', 'functions', 'consent', 'store'],
  'customer-api': ['api', 'functions'],
};

function layerOf(file) {
  const parts = relative(src, file).split('/');
  if (parts[0] === 'pipeline' && (parts[1] === 'plan' || parts[1] === 'send')) {
    return `pipeline/${parts[1]}`;
  }
  return parts.length > 1 ? parts[0] : null;
}

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) yield path;
  }
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)[^'"]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;
const violations = [];
let checked = 0;
for (const file of files(src)) {
  const from = layerOf(file);
  const forbidden = from ? (FORBIDDEN[from] ?? []) : [];
  const text = readFileSync(file, 'utf8');
  for (const match of text.matchAll(IMPORT)) {
    checked += 1;
    const spec = match[1] ?? match[2];
    const target = layerOf(resolve(dirname(file), spec));
    if (!target || target === from) continue;
    const hit = forbidden.find((f) => target === f || target.startsWith(`${f}/`));
    if (hit) violations.push(`${relative(src, file)} (${from}) imports ${spec} (${target})`);
  }
}
if (violations.length > 0) {
  console.error(`check-layers: ${violations.length} import(s) against the flow:`);
  for (const v of violations) console.error(`  ${v}`);
  process.exit(1);
}
console.log(`check-layers: ${checked} relative imports in src/ run one way`);
