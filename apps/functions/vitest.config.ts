import { vitestPreset } from '@omega/config/vitest';
import { defineConfig } from 'vitest/config';

// The preset's `include` would be merged into both projects: each project names its own files.
const { include: _include, ...preset } = vitestPreset().test ?? {};

// Two projects: fast unit tests next to the code, and integration tests against real local
// parts (the embedded Firestore server, the Twilio sandbox over HTTP, an SMTP catcher).
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
          setupFiles: ['test/support/setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});
