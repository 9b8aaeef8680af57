#!/usr/bin/env node
// Builds the deployable functions into dist/: one ESM bundle with the workspace packages
// (@omega/*) inlined — `firebase deploy` installs dependencies with npm, which cannot resolve
// `workspace:*` (firebase-tools #653, #5911) — and a package.json listing only the third-party
// runtime dependencies at the versions installed here. Point firebase.json's
// `functions.source` at apps/functions/dist.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
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

/** The installed package's folder and manifest, resolved from the package that depends on it. */
function installed(name) {
  const req = createRequire(join(owners.get(name) ?? root, 'package.json'));
  try {
    const path = req.resolve(`${name}/package.json`);
    return { dir: dirname(path), manifest: JSON.parse(readFileSync(path, 'utf8')) };
  } catch {
    // Packages whose exports hide package.json: walk up from the entry point.
    let dir = dirname(req.resolve(name));
    for (;;) {
      try {
        const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
        if (manifest.name === name) return { dir, manifest };
      } catch {}
      const up = dirname(dir);
      if (up === dir) throw new Error(`cannot find the installed ${name}`);
      dir = up;
    }
  }
}

const packages = Object.fromEntries(external.map((d) => [d, installed(d)]));
const dependencies = Object.fromEntries(external.map((d) => [d, packages[d].manifest.version]));
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
// dist/node_modules: a link to each external dependency as installed here, and the
// firebase-functions binary. The Firebase CLI runs that binary in `functions.source` to discover
// the functions (at deploy time and in the emulator), and the bundle's imports must resolve from
// there: pnpm does not hoist the workspace packages' own dependencies (libphonenumber-js) where
// dist/ would find them. firebase.json's `functions.ignore` keeps node_modules out of the upload;
// Cloud Build installs dist/package.json's dependencies itself.
if (!local) {
  const modules = join(outdir, 'node_modules');
  for (const [name, { dir }] of Object.entries(packages)) {
    mkdirSync(dirname(join(modules, name)), { recursive: true });
    const link = join(modules, name);
    symlinkSync(relative(dirname(link), dir), link, 'dir');
  }
  const sdk = packages['firebase-functions'];
  if (sdk) {
    const bin = sdk.manifest.bin?.['firebase-functions'];
    if (!bin) throw new Error('firebase-functions declares no firebase-functions binary');
    mkdirSync(join(modules, '.bin'), { recursive: true });
    symlinkSync(
      relative(join(modules, '.bin'), join(sdk.dir, bin)),
      join(modules, '.bin', 'firebase-functions'),
    );
  }
}
// The Functions emulator reads secrets from `.secret.local` in `functions.source` (dist/), which
// this build empties: keep it in apps/functions (git-ignored, never deployed: `*.local`).
const secretLocal = join(root, '.secret.local');
if (existsSync(secretLocal)) copyFileSync(secretLocal, join(outdir, '.secret.local'));

const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
console.log(
  `${outdir}: ${(bytes / 1024).toFixed(0)} KiB with source maps; ${external.length} external dependencies`,
);
