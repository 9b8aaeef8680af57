#!/usr/bin/env node
// `pnpm dev`: the whole system locally, with prefixed logs, one table, and one Ctrl-C to stop.
import { captureConsole } from './console-capture.ts';
import { consoleSink } from './log.ts';

const sink = consoleSink();
captureConsole(sink);

const { startStack } = await import('./stack.ts');
const { PortInUseError } = await import('./ports.ts');
const { EnvError } = await import('@omega/config/env');

const { readStackEnv, withDotEnv } = await import('./env.ts');
let noSeed = process.argv.includes('--no-seed');
try {
  noSeed ||= !readStackEnv(withDotEnv()).STACK_SEED;
} catch {
  // reported by startStack below
}
const startedAt = Date.now();
sink('stack', 'starting… (first run: wrangler and the Firebase CLI take up to a minute)');

let stack: Awaited<ReturnType<typeof startStack>>;
try {
  stack = await startStack({
    sink,
    dashboard: true,
    async beforeTriggers(db, target) {
      if (noSeed) return;
      const { seedDemoShop } = await import('./seed/seed.ts');
      const result = await seedDemoShop(db, target);
      sink('seed', result.ok ? result.value.summary : result.error.message);
    },
  });
} catch (error) {
  if (error instanceof PortInUseError || error instanceof EnvError) {
    process.stderr.write(`\n${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

const { writeRunning, removeRunning } = await import('./running.ts');
writeRunning({
  pid: process.pid,
  startedAt: new Date(startedAt).toISOString(),
  projectId: stack.projectId,
  embeddedFirestore: stack.embeddedFirestore,
  urls: stack.urls,
});
process.on('exit', removeRunning);

process.stdout.write(
  `\nomega-notify is running (${((Date.now() - startedAt) / 1000).toFixed(1)} s). Ctrl-C stops everything.\n\n${stack.table()}\n\nOpen the ▶ page first, then run \`pnpm demo\` in another terminal.\n${
    stack.staff && stack.urls.dashboard
      ? `Staff dashboard: ${stack.urls.dashboard} — sign in as ${stack.staff.email} / ${stack.staff.password}\n`
      : ''
  }\n`,
);

// Under tsx (and npm/pnpm), one Ctrl-C can arrive twice within milliseconds (the terminal
// signals the whole group and the wrapper forwards it): only a second press a moment later
// forces the exit.
let stoppingSince = 0;
const stop = async (signal: string) => {
  if (stoppingSince > 0) {
    if (Date.now() - stoppingSince < 1000) return;
    process.stderr.write('forced exit\n');
    process.exit(130);
  }
  stoppingSince = Date.now();
  sink('stack', `${signal}: stopping every piece…`);
  await stack.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop('Ctrl-C'));
process.on('SIGTERM', () => void stop('SIGTERM'));
