import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CUSTOMER_ROUTES } from '@omega/functions/customer-api';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, stackEnvSchema } from '../src/env.ts';

// The root firebase.json and .firebaserc.example, read as the Firebase CLI reads them: valid
// against the schema of the firebase-tools version installed here, the functions codebase from
// the bundle, Hosting's rewrites sending every customer route to `customerApi` on the short-link
// site and `/api/**` to `staffApi` on the dashboard's (matched in order, as Hosting does), and the
// emulators on the local stack's default ports. That the CLI loads the functions from it:
// test/functions-emulator.test.ts.

const require = createRequire(import.meta.url);
const config = JSON.parse(readFileSync(join(REPO_ROOT, 'firebase.json'), 'utf8'));
const rcExample = JSON.parse(readFileSync(join(REPO_ROOT, '.firebaserc.example'), 'utf8'));

interface Rewrite {
  source: string;
  function?: { functionId: string; region?: string };
  destination?: string;
}
interface Site {
  target: string;
  public: string;
  rewrites: Rewrite[];
  predeploy?: string[];
}

const sites = config.hosting as Site[];
const site = (target: string) => {
  const found = sites.find((s) => s.target === target);
  if (!found) throw new Error(`no Hosting target ${target}`);
  return found;
};

/** A Hosting glob as Hosting matches a path: `**` any run of segments, `*` within one. */
function globMatches(glob: string, path: string): boolean {
  const pattern = glob
    .split('**')
    .map((part) =>
      part
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*'),
    )
    .join('.*');
  return new RegExp(`^${pattern.replace(/\/\.\*$/, '(?:/.*)?')}$`).test(path);
}

/** What Hosting does with a path that is no static file: the first rewrite that matches. */
function served(target: string, path: string): string {
  const rewrite = site(target).rewrites.find((r) => globMatches(r.source, path));
  if (!rewrite) return 'static files';
  return rewrite.function
    ? `function ${rewrite.function.functionId}`
    : `file ${rewrite.destination}`;
}

/** A request path for a route pattern (`/t/:linkId` → `/t/Ab3dE5fG7h`). */
const sample = (route: string) => route.split(' ')[1]?.replace(/:[A-Za-z]+/g, 'Ab3dE5fG7h') ?? '';

describe('firebase.json', () => {
  it("is valid for the installed firebase-tools (the CLI's own schema)", () => {
    const cli = dirname(require.resolve('firebase-tools/package.json'));
    const { getValidator, getErrorMessage } = require(join(cli, 'lib/firebaseConfigValidate.js'));
    const validate = getValidator();
    const valid = validate(config);
    expect(valid ? [] : validate.errors.map(getErrorMessage)).toEqual([]);
  });

  it('deploys the functions from the bundle: nodejs22, built first, env files from apps/functions', () => {
    expect(config.functions).toEqual([
      expect.objectContaining({
        codebase: 'default',
        source: 'apps/functions/dist',
        configDir: 'apps/functions',
        runtime: 'nodejs22',
        predeploy: ['pnpm --filter @omega/functions build'],
      }),
    ]);
    // The links the build makes for discovery and the emulator's secrets stay on this machine.
    expect(config.functions[0].ignore).toEqual(expect.arrayContaining(['node_modules', '*.local']));
    const build = readFileSync(join(REPO_ROOT, 'apps/functions/scripts/build.mjs'), 'utf8');
    expect(build).toContain("process.env.OMEGA_BUILD_OUTDIR ?? 'dist'");
  });

  it('names the rules and indexes files that exist', () => {
    expect(config.firestore).toEqual({
      rules: 'firestore.rules',
      indexes: 'apps/functions/firestore.indexes.json',
    });
    expect(existsSync(join(REPO_ROOT, config.firestore.rules))).toBe(true);
    expect(existsSync(join(REPO_ROOT, config.firestore.indexes))).toBe(true);
  });

  it('sends every customer API route to customerApi on the short-link site', () => {
    expect(CUSTOMER_ROUTES.length).toBeGreaterThanOrEqual(5);
    for (const route of CUSTOMER_ROUTES)
      expect(served('links', sample(route)), route).toBe('function customerApi');
    expect(served('links', '/')).toBe('static files');
    expect(served('links', '/api/staff/me')).toBe('static files');
    const dir = join(REPO_ROOT, site('links').public);
    expect(existsSync(join(dir, 'index.html')) && existsSync(join(dir, '404.html'))).toBe(true);
  });

  it('serves the dashboard as a single-page app with /api/** on staffApi (and /api/public/** on customerApi first)', () => {
    const dashboard = site('dashboard');
    expect(dashboard.public).toBe('apps/dashboard/dist');
    expect(dashboard.predeploy).toEqual(['pnpm --filter @omega/dashboard build']);
    expect(served('dashboard', '/api/health')).toBe('function staffApi');
    expect(served('dashboard', '/api/staff/customers/c1')).toBe('function staffApi');
    expect(served('dashboard', '/api/public/me/preferences')).toBe('function customerApi');
    expect(served('dashboard', '/')).toBe('file /index.html');
    expect(served('dashboard', '/customers/c1')).toBe('file /index.html');
  });

  it('calls every rewritten function in one region', () => {
    const regions = new Set(
      sites.flatMap((s) => s.rewrites.flatMap((r) => (r.function ? [r.function.region] : []))),
    );
    expect([...regions]).toEqual(['europe-west1']); // the emulator test checks it is the functions' own
  });

  it("runs the emulators on the local stack's default ports", () => {
    const defaults = stackEnvSchema.parse({});
    expect(config.emulators).toMatchObject({
      auth: { host: defaults.STACK_HOST, port: defaults.STACK_AUTH_PORT },
      functions: { host: defaults.STACK_HOST, port: defaults.STACK_FUNCTIONS_PORT },
      firestore: { host: defaults.STACK_HOST, port: defaults.STACK_FIRESTORE_PORT },
      ui: { enabled: false },
      singleProjectMode: true,
    });
  });

  it('matches .firebaserc.example: one project alias and both Hosting targets', () => {
    const project = rcExample.projects.default as string;
    expect(project).toBeTruthy();
    expect(Object.keys(rcExample.targets[project].hosting).sort()).toEqual(
      sites.map((s) => s.target).sort(),
    );
    const ignored = readFileSync(join(REPO_ROOT, '.gitignore'), 'utf8').split('\n');
    expect(ignored).toContain('.firebaserc');
  });

  it('matches Hosting globs as Hosting does (the matcher above)', () => {
    expect(globMatches('/t/**', '/t/abc')).toBe(true);
    expect(globMatches('/t/**', '/t/abc/def')).toBe(true);
    expect(globMatches('/t/**', '/ta/abc')).toBe(false);
    expect(globMatches('/api/**', '/api/public/x')).toBe(true);
    expect(globMatches('**', '/anything/at/all')).toBe(true);
    expect(globMatches('/a/*', '/a/b/c')).toBe(false);
  });
});
