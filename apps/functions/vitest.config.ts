import { vitestPreset } from '@omega/config/vitest';
import { configDefaults, defineConfig } from 'vitest/config';

// The preset's `include` would be merged into both projects: each project names its own files.
const { include: _include, ...preset } = vitestPreset().test ?? {};

/**
 * Whether the Firestore emulator at `host` evaluates security rules: the official emulator
 * accepts a ruleset on `PUT /emulator/v1/projects/<id>:securityRules` (what
 * @firebase/rules-unit-testing calls); the embedded Firestore-protocol server has no such route.
 */
async function evaluatesRules(host: string): Promise<boolean> {
  const rules =
    "rules_version = '2'; service cloud.firestore { match /databases/{d}/documents { match /{p=**} { allow read, write: if false; } } }";
  try {
    const res = await fetch(
      `http://${host}/emulator/v1/projects/demo-omega-rules-probe:securityRules`,
      {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ rules: { files: [{ content: rules }] } }),
        signal: AbortSignal.timeout(3000),
      },
    );
    return res.ok;
  } catch {
    return false;
  }
}

// The security rules suite (test/rules/) needs an emulator that evaluates rules, which cannot
// run on every machine (the official one needs Java 21 and a download). It is its own project,
// included only when FIRESTORE_EMULATOR_HOST names such an emulator, so a run without one
// reports it neither passed nor skipped, and says why in one line. The static checks of
// firestore.rules (test/firestore-rules.test.ts) always run.
// (Vitest evaluates this file more than once per run: the answer is kept in the environment.)
const rulesHost = process.env.FIRESTORE_EMULATOR_HOST;
const known = process.env.OMEGA_RULES_SUITE_PROBED;
const rulesSuite = known
  ? known === `${rulesHost}:yes`
  : rulesHost
    ? await evaluatesRules(rulesHost)
    : false;
process.env.OMEGA_RULES_SUITE_PROBED = `${rulesHost}:${rulesSuite ? 'yes' : 'no'}`;
if (rulesHost && !rulesSuite && !known)
  console.log(
    `firestore.rules emulator suite not run: ${rulesHost} (FIRESTORE_EMULATOR_HOST) does not evaluate security rules; point it at the official Firestore emulator to run test/rules/`,
  );

// Two projects: fast unit tests next to the code, and integration tests against real local
// parts (the embedded Firestore server, the Twilio sandbox over HTTP, an SMTP catcher); a third
// with the rules suite when an emulator evaluates rules.
export default defineConfig({
  test: {
    ...preset,
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/rules/**'],
          setupFiles: ['test/support/setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      ...(rulesSuite
        ? [
            {
              extends: true as const,
              test: {
                name: 'rules',
                include: ['test/rules/**/*.test.ts'],
                testTimeout: 30_000,
                hookTimeout: 30_000,
              },
            },
          ]
        : []),
    ],
  },
});
