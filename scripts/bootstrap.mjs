#!/usr/bin/env node
// Makes a fresh machine (only Node and npm) ready: pnpm at the pinned version, then the
// workspace's dependencies. Safe to run again: each step is skipped when already done.
// Corepack does not work on these machines, so pnpm is installed with npm.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';

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

// The pinned Node 22 that the tests also run on (tooling/node22, production's runtime) is an
// optional dependency, one package per platform, and pnpm skips an optional dependency it could
// not fetch or unpack without failing: check it here, where the cause is plain. Platforms with
// no such package (none published for darwin-arm64) only lose that second run.
const node22Manifest = JSON.parse(
  readFileSync(new URL('../tooling/node22/package.json', import.meta.url), 'utf8'),
);
const { node22, packageName: node22Package } = await import('../tooling/node22/index.mjs');
if (node22Package in (node22Manifest.optionalDependencies ?? {})) {
  const found = node22();
  const version = found
    ? spawnSync(found.path, ['--version'], { encoding: 'utf8' }).stdout?.trim()
    : undefined;
  if (!version?.startsWith('v22.')) {
    console.error(
      `bootstrap: the Node 22 for the tests (${node22Package}, tooling/node22) ${found ? `does not run: ${found.path} --version printed "${version ?? ''}"` : 'was not installed'}; run "pnpm install --force".`,
    );
    process.exit(1);
  }
}

// `--browser`: the dashboard's end-to-end tests drive Debian's Chromium (never a downloaded
// browser). Installed with apt-get when missing and we may (root on Debian/Ubuntu).
if (process.argv.includes('--browser') && !existsSync(CHROMIUM)) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    console.error(
      `bootstrap: ${CHROMIUM} is missing; install Debian's "chromium" package (apt-get install -y chromium).`,
    );
    process.exit(1);
  }
  console.log('bootstrap: installing Chromium with apt-get (browser tests)');
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium']);
}
