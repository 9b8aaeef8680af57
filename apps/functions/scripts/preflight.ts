// `pnpm preflight <project> [--offline] [--secrets FILE] [--worker-secrets FILE]
//   [--settings FILE] [--worker-env NAME] [--root DIR]`
// Checks a target configuration before any deploy and prints every gap; exit 1 when there is
// one, 2 on a usage error. Online it reads the functions' secrets with
// `firebase functions:secrets:access NAME --project <project>` (Firebase CLI credentials);
// with --offline, or when the CLI has no credentials or network, it checks a values file
// instead (default apps/functions/.secret.<project>, gitignored). Secret values are never
// printed: shared ones are compared by a SHA-256 prefix.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SecretName } from '../src/functions/secrets.ts';
import { formatReport, runPreflight, type SecretLookup } from './preflight/preflight.ts';

const USAGE =
  'usage: pnpm preflight <project> [--offline] [--secrets FILE] [--worker-secrets FILE] [--settings FILE] [--worker-env NAME] [--root DIR]';

const here = dirname(fileURLToPath(import.meta.url));
// Relative paths are the caller's: pnpm runs this from apps/functions but keeps INIT_CWD.
const cwd = process.env.INIT_CWD ?? process.cwd();

function parseArgs(argv: string[]) {
  const flags: Record<string, string | true> = {};
  const positional: string[] = [];
  const valued = new Set([
    '--secrets',
    '--worker-secrets',
    '--settings',
    '--worker-env',
    '--root',
    '--firebase',
  ]);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') continue;
    if (arg === '--offline' || arg === '--help' || arg === '-h') flags[arg] = true;
    else if (valued.has(arg)) {
      const value = argv[++i];
      if (value === undefined) throw new Error(`${arg} needs a value`);
      flags[arg] = value;
    } else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}`);
    else positional.push(arg);
  }
  if (positional.length !== 1) throw new Error('name one project (its id or .firebaserc alias)');
  return { project: positional[0] as string, flags };
}

/** `firebase functions:secrets:access`, its failures sorted into absent / cannot tell. */
function firebaseSecretAccess(command: string[], project: string) {
  return (name: SecretName): SecretLookup => {
    const [bin, ...pre] = command as [string, ...string[]];
    const run = spawnSync(
      bin,
      [...pre, 'functions:secrets:access', name, '--project', project, '--non-interactive'],
      {
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    if (run.error)
      return { found: false, reason: 'unavailable', message: `${bin}: ${run.error.message}` };
    const out = `${run.stdout ?? ''}\n${run.stderr ?? ''}`;
    if (run.status === 0) return { found: true, value: (run.stdout ?? '').replace(/\r?\n$/, '') };
    const lines = out
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 0);
    // The CLI warns first (no MOTD without network); its error is the `Error:` line.
    const first = lines.find((l) => l.startsWith('Error:')) ?? lines[0] ?? `exit ${run.status}`;
    if (/not ?found|NOT_FOUND|does not exist|404/i.test(out))
      return { found: false, reason: 'absent', message: first };
    return { found: false, reason: 'unavailable', message: first };
  };
}

let options: ReturnType<typeof parseArgs>;
try {
  options = parseArgs(process.argv.slice(2));
} catch (e) {
  console.error(`preflight: ${(e as Error).message}\n${USAGE}`);
  process.exit(2);
}
if (options.flags['--help'] || options.flags['-h']) {
  console.log(USAGE);
  process.exit(0);
}
const path = (flag: string) => {
  const value = options.flags[flag];
  return typeof value === 'string' ? resolve(cwd, value) : undefined;
};
const root = path('--root') ?? resolve(here, '../../..');
const localFirebase = join(here, '../node_modules/.bin/firebase');
const firebase =
  typeof options.flags['--firebase'] === 'string'
    ? options.flags['--firebase'].split(' ')
    : [existsSync(localFirebase) ? localFirebase : 'firebase'];

const report = runPreflight({
  project: options.project,
  root,
  accessSecret: options.flags['--offline']
    ? undefined
    : firebaseSecretAccess(firebase, options.project),
  secretsFile: path('--secrets'),
  workerSecretsFile: path('--worker-secrets'),
  settingsFile: path('--settings'),
  workerEnv:
    typeof options.flags['--worker-env'] === 'string' ? options.flags['--worker-env'] : undefined,
  env: process.env,
});
console.log(formatReport(report));
process.exit(report.gaps.length === 0 ? 0 : 1);
