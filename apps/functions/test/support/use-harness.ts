import { afterAll, beforeAll, beforeEach } from 'vitest';
import { useRuntime } from '../../src/functions/runtime.ts';
import type { PipelineDeps } from '../../src/pipeline/deps.ts';
import { seedSettings } from './fixtures.ts';
import type { PipelineHarness } from './pipeline-harness.ts';

/** What every suite harness has: the pipeline's dependencies, a reset and a close. */
type SuiteHarness = Pick<PipelineHarness, 'db' | 'reset' | 'close'> & { deps: PipelineDeps };

/**
 * Registers a suite's hooks around one harness for the whole file: started once (the deployed
 * functions run on its dependencies), closed at the end, and before each test a clean state
 * with the shop's settings (`settings`, default the sandbox-accepted senders only), then `each`.
 */
export function useHarness<H extends SuiteHarness>(options: {
  start(): Promise<H>;
  started(h: H): void;
  settings?: Record<string, unknown>;
  each?(): void | Promise<void>;
  /** Stopped after the harness's own close is requested (e.g. an edge relay). */
  beforeClose?(): Promise<void>;
}): void {
  let h: H;
  beforeAll(async () => {
    h = await options.start();
    useRuntime(h.deps);
    options.started(h);
  });
  afterAll(async () => {
    useRuntime(undefined);
    await options.beforeClose?.();
    await h.close();
  });
  beforeEach(async () => {
    await h.reset();
    await seedSettings(h.db, options.settings);
    await options.each?.();
  });
}
