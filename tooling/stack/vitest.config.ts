import { vitestPreset } from '@omega/config/vitest';
import { defineConfig } from 'vitest/config';

// The end-to-end test starts every piece (wrangler dev, the Firebase CLI): minutes on a busy
// machine, so a long timeout; files run one at a time to keep the CPU for those pieces.
export default defineConfig({
  ...vitestPreset({ testTimeout: 240_000 }),
  test: {
    ...vitestPreset({ testTimeout: 240_000 }).test,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
