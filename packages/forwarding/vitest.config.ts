import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { vitestPreset } from '@omega/config/vitest';
import { defineConfig } from 'vitest/config';

const preset = vitestPreset();

// The contract runs on both sides, so its tests do too; one JSON report
// (test-results/vitest.json) that the root totals:
// - workers: inside workerd (the worker signs there), no Node APIs available;
// - node: Node 20/22 (apps/functions verifies there), checked against node:crypto.
export default defineConfig({
  test: {
    reporters: preset.test?.reporters,
    outputFile: preset.test?.outputFile,
    projects: [
      {
        plugins: [
          cloudflareTest({
            // Same date as apps/webhook-edge/wrangler.jsonc; no nodejs_compat flag.
            miniflare: { compatibilityDate: '2026-05-01' },
          }),
        ],
        test: {
          name: 'workers',
          include: ['src/**/*.test.ts'],
          exclude: ['src/**/*.node.test.ts'],
        },
      },
      {
        test: {
          name: 'node',
          include: ['src/**/*.node.test.ts'],
          environment: 'node',
        },
      },
    ],
  },
});
