import { expect, it } from 'vitest';
import { formatChaosReport, runChaos } from '../src/chaos/run-chaos.ts';
import { memorySink } from '../src/log.ts';

// The chaos suite at a size that fits CI (`pnpm --filter @omega/stack chaos` runs ≥ 1,000
// events): the whole stack with faults at every step boundary, at the Twilio sandbox and in
// the trigger deliveries, consent changes racing the sends. Every target is zero.
// CHAOS_EVENTS / CHAOS_SEED override the size and the seed.

it('sends every planned notification exactly once or ends it with a reason, never without consent', async () => {
  const logs = memorySink(3000);
  const events = Number(process.env.CHAOS_EVENTS ?? 150);
  const seed = Number(process.env.CHAOS_SEED ?? 20261202);
  const report = await runChaos({ events, seed, sink: logs });
  console.log(formatChaosReport(report));
  if (!report.ok) console.log(logs.lines.slice(-300).join('\n'));
  // The run was chaotic: faults fired at both ends, triggers were redelivered.
  expect(Object.values(report.pipelineFaults).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  expect(report.extraDeliveries).toBeGreaterThan(0);
  expect(report.verdict.sent).toBeGreaterThan(0);
  // Customers answered quotes with buttons while all of it happened (issue 16).
  expect(report.actions.taps).toBeGreaterThan(0);
  expect({
    actionsLost: report.actions.lost,
    decisionsInconsistent: report.actions.inconsistent,
    foreignApplied: report.actions.foreignApplied,
    shopEmails: report.actions.emails,
  }).toEqual({ actionsLost: [], decisionsInconsistent: [], foreignApplied: [], shopEmails: [] });
  expect({
    duplicates: report.verdict.duplicates,
    lost: report.verdict.lost,
    unrecorded: report.verdict.unrecorded,
    unconsented: report.unconsented,
    nonTerminal: report.verdict.nonTerminal,
  }).toEqual({ duplicates: [], lost: [], unrecorded: [], unconsented: [], nonTerminal: [] });
});
