import type { ViteUserConfig } from 'vitest/config';

/** Options of {@link vitestPreset}. */
export interface VitestPresetOptions {
  /** Glob(s) of the test files; defaults to `src/**\/*.test.ts(x)`. */
  include?: string[];
  /** Per-test timeout in ms; integration suites against real parts raise it. */
  testTimeout?: number;
}

/**
 * The shared vitest configuration. Every package reports to the console and to
 * `test-results/vitest.json`, which the root `test` script totals across packages.
 */
export function vitestPreset(options: VitestPresetOptions = {}): ViteUserConfig {
  return {
    test: {
      include: options.include ?? ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
      testTimeout: options.testTimeout ?? 10_000,
      reporters: ['default', 'json'],
      outputFile: { json: 'test-results/vitest.json' },
    },
  };
}
