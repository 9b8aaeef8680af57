#!/usr/bin/env node
// Runs lint (and the import-cycle check), typecheck and every package's tests through turbo,
// then core's and the functions' tests again on Node 22 (the production runtime), then prints
// one totals line over every vitest run (each package's test-results/*.json).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { node22, packageName as node22Package } from '../tooling/node22/index.mjs';

const root = new URL('..', import.meta.url).pathname;
const workspaces = ['apps', 'packages', 'tooling'].flatMap((dir) =>
  readdirSync(join(root, dir), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(root, dir, entry.name)),
);

for (const ws of workspaces) rmSync(join(ws, 'test-results'), { recursive: true, force: true });

// In parallel, one task per core: typecheck and tests depend only on the no-op `transit` nodes
// (turbo.json), so nothing waits for a build, and no suite listens on a fixed port (every
// server, emulator and worker in the tests binds port 0), so suites cannot collide. Not turbo's
// default of 10 at once: measured on 2 cores, 10 was no faster than one at a time (4 min 53 s vs
// 5 min 04 s) and CPU-bound property tests ran past their 10 s timeout, while 2 at once ran the
// same five suites in 52 s instead of 78 s, all passing (docs/decisions/008-turbo-graph.md).
// `lint:cycles` is the root import-cycle check (madge over apps/, packages/, tooling/).
const extra = process.argv.slice(2);
const started = Date.now();
const turbo = spawnSync(
  'pnpm',
  [
    'exec',
    'turbo',
    'run',
    'lint',
    'lint:cycles',
    'typecheck',
    'test',
    '--continue',
    '--force',
    `--concurrency=${Math.max(1, availableParallelism())}`,
    ...extra,
  ],
  {
    cwd: root,
    stdio: 'inherit',
  },
);

const turboSeconds = (Date.now() - started) / 1000;

// Node 22: production runs Firebase's `nodejs22` runtime while the machines and the run above
// use Node 20, so the two packages whose code is deployed (core is bundled into the functions)
// run their tests again on the pinned Node 22 from the npm registry (tooling/node22). vitest's
// workers are forked with `process.execPath`, so they run on 22 too, and that binary's folder
// goes first on PATH for any test that starts `node`. Both suites at once, each with vitest's
// default file parallelism as above (2 cores: core's short run overlaps the functions' long one).
// Each writes test-results/vitest-node22.json beside its Node 20 report: the totals count both.
const NODE22_SUITES = ['packages/core', 'apps/functions'];
const node22Started = Date.now();
const node22Failures = await runNode22(NODE22_SUITES);
const node22Seconds = (Date.now() - node22Started) / 1000;

let passed = 0;
let failed = node22Failures;
let skipped = 0;
const missing = [];
for (const ws of workspaces) {
  const manifestPath = join(ws, 'package.json');
  if (!existsSync(manifestPath)) continue;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  if (!manifest.scripts?.test) continue;
  const dir = join(ws, 'test-results');
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
  if (files.length === 0) missing.push(manifest.name);
  for (const file of files) {
    const counts = countReport(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    passed += counts.passed;
    failed += counts.failed;
    skipped += counts.skipped;
  }
}
if (missing.length > 0) {
  console.error(`test-all: no test results from ${missing.join(', ')} (did its tests run?)`);
  failed += missing.length;
}
const code = turbo.status === 0 && failed === 0 ? 0 : 1;
console.log(
  `test-all: turbo ${turboSeconds.toFixed(0)} s, node 22 ${node22Seconds.toFixed(0)} s, total ${((Date.now() - started) / 1000).toFixed(0)} s`,
);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(code);

/** One vitest JSON report's counts. */
function countReport(report) {
  let failed = report.numFailedTests ?? 0;
  // A suite that failed to load has no tests but still counts as a failure.
  for (const suite of report.testResults ?? []) {
    if (suite.status === 'failed' && (suite.assertionResults ?? []).length === 0) failed += 1;
  }
  return {
    passed: report.numPassedTests ?? 0,
    failed,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
}

/**
 * Runs each suite's vitest on Node 22, its output prefixed `node22:<package>:`, and prints one
 * labelled count per suite. Returns the failures its reports cannot show: no Node 22 binary (in
 * CI), a run that wrote no report, or one that exited non-zero with no failed test in it.
 */
async function runNode22(suites) {
  const binary = node22();
  if (!binary) {
    console.error(
      `node 22: no ${node22Package} package installed (tooling/node22): core and functions ran on Node 20 only`,
    );
    return process.env.CI ? 1 : 0;
  }
  console.log(`node 22: ${binary.path} (v${binary.version})`);
  const results = await Promise.all(suites.map((suite) => runSuite(binary.path, suite)));
  let failures = 0;
  for (const { name, status, seconds, report } of results) {
    if (!report) {
      console.error(`node 22: ${name} wrote no test results (exit code ${status})`);
      failures += 1;
      continue;
    }
    const counts = countReport(report);
    console.log(
      `node 22: ${name} ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped (${seconds.toFixed(0)} s)`,
    );
    if (status !== 0 && counts.failed === 0) {
      console.error(`node 22: ${name} exited with code ${status} and no failed test`);
      failures += 1;
    }
  }
  return failures;
}

function runSuite(binary, suite) {
  const cwd = join(root, suite);
  const name = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8')).name;
  const reportPath = join(cwd, 'test-results', 'vitest-node22.json');
  const suiteStarted = Date.now();
  const child = spawn(
    binary,
    [
      join(cwd, 'node_modules', 'vitest', 'vitest.mjs'),
      'run',
      '--configLoader',
      'runner',
      `--outputFile.json=${reportPath}`,
    ],
    {
      cwd,
      env: { ...process.env, PATH: `${dirname(binary)}${delimiter}${process.env.PATH ?? ''}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  for (const [stream, out] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ]) {
    createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on('line', (line) =>
      out.write(`node22:${name}: ${line}\n`),
    );
  }
  return new Promise((resolve) => {
    child.on('close', (status, signal) => {
      const report = existsSync(reportPath) ? JSON.parse(readFileSync(reportPath, 'utf8')) : null;
      resolve({
        name,
        status: status ?? signal,
        seconds: (Date.now() - suiteStarted) / 1000,
        report,
      });
    });
  });
}
