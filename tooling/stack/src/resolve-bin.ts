import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** Absolute path of a dependency's bin script (run with `process.execPath`). */
export function binPath(pkg: string, bin: string): string {
  const manifestPath = require.resolve(`${pkg}/package.json`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    bin?: string | Record<string, string>;
  };
  const rel = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.[bin];
  if (!rel) throw new Error(`${pkg} has no "${bin}" bin`);
  return join(dirname(manifestPath), rel);
}

/** The folder of the webhook worker (`apps/webhook-edge`): where its package.json resolves. */
export function webhookEdgeDir(): string {
  return dirname(require.resolve('@omega/webhook-edge/package.json'));
}
