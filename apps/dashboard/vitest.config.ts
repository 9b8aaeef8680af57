import { vitestPreset } from '@omega/config/vitest';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const { include: _include, ...preset } = vitestPreset().test ?? {};

// Two projects: component and hook tests in jsdom, and the browser end-to-end test (real
// Chromium against startStack(): minutes on a busy machine, so long timeouts and one file).
export default defineConfig({
  plugins: [react()],
  test: {
    ...preset,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
          environment: 'jsdom',
          setupFiles: ['src/test-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.test.ts'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 400_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
