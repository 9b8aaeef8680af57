#!/usr/bin/env node
// Runs lint (and the import-cycle check), typecheck and every package's tests through turbo,
// then prints one totals line over every vitest run (each package's test-results/vitest.json).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

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

let passed = 0;
let failed = 0;
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
    const report = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    passed += report.numPassedTests ?? 0;
    failed += report.numFailedTests ?? 0;
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    // A suite that failed to load has no tests but still counts as a failure.
    for (const suite of report.testResults ?? []) {
      if (suite.status === 'failed' && (suite.assertionResults ?? []).length === 0) failed += 1;
    }
  }
}
if (missing.length > 0) {
  console.error(`test-all: no test results from ${missing.join(', ')} (did its tests run?)`);
  failed += missing.length;
}
const code = turbo.status === 0 && failed === 0 ? 0 : 1;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(code);
