import { vitestPreset } from '@omega/config/vitest';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const preset = vitestPreset();

// Component tests in jsdom, like the dashboard's unit project.
export default defineConfig({
  plugins: [react()],
  test: {
    ...preset.test,
    environment: 'jsdom',
    setupFiles: ['src/test-setup.ts'],
  },
});
