#!/usr/bin/env node
// Makes a fresh machine (only Node and npm) ready: pnpm at the pinned version, then the
// workspace's dependencies. Safe to run again: each step is skipped when already done.
// Corepack does not work on these machines, so pnpm is installed with npm.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const wanted = manifest.packageManager.replace(/^pnpm@/, '').split('+')[0];

function pnpmVersion() {
  try {
    return execFileSync('pnpm', ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return null;
  }
}

function run(cmd, args) {
  const result = spawnSync(cmd, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, COREPACK_ENABLE_STRICT: '0' },
  });
  if (result.status !== 0) {
    console.error(`bootstrap: "${cmd} ${args.join(' ')}" failed with exit code ${result.status}`);
    process.exit(result.status ?? 1);
  }
}

const found = pnpmVersion();
if (found !== wanted) {
  console.log(`bootstrap: installing pnpm ${wanted} with npm (found ${found ?? 'none'})`);
  run('npm', ['install', '--global', '--no-fund', '--no-audit', `pnpm@${wanted}`]);
}

run('pnpm', ['install', '--frozen-lockfile', '--prefer-offline']);
