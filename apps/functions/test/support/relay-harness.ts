import type { SandboxOptions } from '@omega/twilio-sandbox';
import { startEdgeRelay } from './edge-relay.ts';
import { type PipelineHarness, startPipelineHarness } from './pipeline-harness.ts';
import { useHarness } from './use-harness.ts';

/** The edge relay that stands in for the webhook worker (callbacks and inbound → ingestion). */
export type EdgeRelay = Awaited<ReturnType<typeof startEdgeRelay>>;

/**
 * Registers a suite's hooks for ingestion tests: one pipeline harness whose status callbacks and
 * inbound messages go through the edge relay into the ingestion, the deployed functions on its
 * dependencies; before each test a clean state and the shop's settings (`settings`, default the
 * sandbox-accepted senders only).
 */
export function useRelayHarness(hooks: {
  started(h: PipelineHarness, relay: EdgeRelay): void;
  sandbox?: Omit<SandboxOptions, 'authToken'>;
  settings?: Record<string, unknown>;
}): void {
  let relay: EdgeRelay;
  useHarness({
    start: async () => {
      const h = await startPipelineHarness(hooks.sandbox ? { sandbox: hooks.sandbox } : {});
      relay = await startEdgeRelay(() => h.deps);
      h.deps.config.edgePublicUrl = relay.url;
      // Between tests: no new callbacks (sandbox timers cancelled), then the ones already on
      // their way through the relay are ingested, and only then is Firestore cleared — a late
      // callback of one test must not write into the next one's clean database.
      const reset = h.reset.bind(h);
      h.reset = async () => {
        h.sandbox.reset();
        await relay.settle();
        await reset();
      };
      return h;
    },
    started: (h) => hooks.started(h, relay),
    ...(hooks.settings ? { settings: hooks.settings } : {}),
    each: () => {
      relay.answers.length = 0;
    },
    beforeClose: () => relay.stop(),
  });
}

/** Waits until `probe` holds (polling), then until the relay has finished what it started. */
export async function untilSettled(
  relay: EdgeRelay,
  probe: () => boolean | Promise<boolean>,
  timeoutMs = 8_000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
  await relay.settle();
}

/** Whether the relay has ingested the status callback `status` of message `sid`. */
export function ingestedStatus(relay: EdgeRelay, sid: string | null | undefined, status: string) {
  return relay.answers.some((a) => a.event.id === `status:${sid}:${status}`);
}
