#!/usr/bin/env node
// Builds the deployable functions into dist/: one ESM bundle with the workspace packages
// (@omega/*) inlined — `firebase deploy` installs dependencies with npm, which cannot resolve
// `workspace:*` (firebase-tools #653, #5911) — and a package.json listing only the third-party
// runtime dependencies at the versions installed here. Point firebase.json's
// `functions.source` at apps/functions/dist.
import { mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

// Third-party runtime dependencies of this package and of the workspace packages it inlines.
// name → the directory of the package that depends on it (to find the installed version).
function thirdParty(pkg, dir, seen = new Map()) {
  for (const [name, spec] of Object.entries(pkg.dependencies ?? {})) {
    if (!String(spec).startsWith('workspace:')) {
      if (!seen.has(name)) seen.set(name, dir);
      continue;
    }
    // Workspace packages are symlinked under node_modules (their exports hide package.json).
    const innerDir = realpathSync(join(dir, 'node_modules', name));
    const inner = JSON.parse(readFileSync(join(innerDir, 'package.json'), 'utf8'));
    thirdParty(inner, innerDir, seen);
  }
  return seen;
}
const owners = thirdParty(manifest, root);
// OMEGA_BUILD_LOCAL=1 inlines the workspace packages' own dependencies too, so the bundle runs
// from this checkout (pnpm does not hoist them here); the benchmark uses it.
const local = process.env.OMEGA_BUILD_LOCAL === '1';
const external = [...owners.keys()]
  .filter((d) => !local || Object.hasOwn(manifest.dependencies, d))
  .sort();
const outdir = join(root, process.env.OMEGA_BUILD_OUTDIR ?? 'dist');
const entry = process.argv[2] ?? 'src/index.ts';

rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
const result = await build({
  // index.js declares the functions; each handler and its dependencies (core, templates,
  // zod, the adapters) is a chunk loaded on the first invocation.
  entryPoints: { index: join(root, entry) },
  outdir,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  // Third-party packages stay external (installed by the deploy).
  external: [...external, ...external.map((d) => `${d}/*`)],
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
  metafile: true,
  logLevel: 'warning',
});

function installedVersion(name) {
  const req = createRequire(join(owners.get(name) ?? root, 'package.json'));
  try {
    return JSON.parse(readFileSync(req.resolve(`${name}/package.json`), 'utf8')).version;
  } catch {
    // Packages whose exports hide package.json: walk up from the entry point.
    let dir = dirname(req.resolve(name));
    for (;;) {
      try {
        const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
        if (pkg.name === name) return pkg.version;
      } catch {}
      const up = dirname(dir);
      if (up === dir) throw new Error(`cannot find the version of ${name}`);
      dir = up;
    }
  }
}

const dependencies = Object.fromEntries(external.map((d) => [d, installedVersion(d)]));
writeFileSync(
  join(outdir, 'package.json'),
  `${JSON.stringify(
    {
      name: 'omega-functions-deploy',
      private: true,
      type: 'module',
      main: 'index.js',
      engines: { node: '22' },
      dependencies,
    },
    null,
    2,
  )}\n`,
);
const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
console.log(
  `${outdir}: ${(bytes / 1024).toFixed(0)} KiB with source maps; ${external.length} external dependencies`,
);
