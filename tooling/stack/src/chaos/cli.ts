import { parseArgs } from 'node:util';
import { consoleSink, memorySink } from '../log.ts';
import { formatChaosReport, runChaos } from './run-chaos.ts';

// `pnpm --filter @omega/stack chaos [--events 1000] [--seed 1] [--verbose]`: the chaos suite at
// full size (the issue's ≥ 1,000 ticket events); exits 1 when a target is missed, with the
// ids and the command that reproduces the run.
const { values } = parseArgs({
  options: {
    events: { type: 'string', default: process.env.CHAOS_EVENTS ?? '1000' },
    seed: { type: 'string', default: process.env.CHAOS_SEED ?? String(Date.now() % 100_000) },
    verbose: { type: 'boolean', default: false },
  },
});
const events = Number(values.events);
const seed = Number(values.seed);
if (!Number.isInteger(events) || events < 1 || !Number.isInteger(seed)) {
  console.error('chaos: --events and --seed take whole numbers, e.g. --events 1000 --seed 7');
  process.exit(2);
}
const logs = memorySink(4000);
const report = await runChaos({
  events,
  seed,
  sink: values.verbose ? consoleSink() : logs,
  progress: (line) => console.log(`chaos: ${line}`),
});
console.log(formatChaosReport(report));
if (!report.ok && !values.verbose) {
  console.log('--- last stack log lines ---');
  console.log(logs.lines.slice(-200).join('\n'));
}
process.exit(report.ok ? 0 : 1);
