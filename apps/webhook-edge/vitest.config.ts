import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { vitestPreset } from '@omega/config/vitest';
import { defineConfig } from 'vitest/config';
import { TEST_BINDINGS } from './test/support/bindings.ts';

const preset = vitestPreset();

// Two projects, one JSON report (test-results/vitest.json) that the root totals:
// - workers: inside workerd through Cloudflare's vitest integration (routes, signature, queue);
// - node: the official twilio SDK against the worker's validator, config checks, Node compat.
export default defineConfig({
  test: {
    reporters: preset.test?.reporters,
    outputFile: preset.test?.outputFile,
    projects: [
      {
        plugins: [
          cloudflareTest({
            main: './src/index.ts',
            wrangler: { configPath: './wrangler.jsonc' },
            miniflare: { bindings: TEST_BINDINGS },
          }),
        ],
        test: {
          name: 'workers',
          include: ['src/**/*.test.ts'],
          exclude: ['src/**/*.node.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'node',
          include: ['src/**/*.node.test.ts', 'test/**/*.node.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
        },
      },
    ],
  },
});
