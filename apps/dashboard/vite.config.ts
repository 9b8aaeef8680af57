import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `pnpm dev` proxies /api to the staff API (the local stack's, or `STAFF_API_URL`).
export default defineConfig({
  plugins: [react()],
  server: {
    port: Number(process.env.DASHBOARD_PORT ?? 5174),
    proxy: { '/api': process.env.STAFF_API_URL ?? 'http://127.0.0.1:5001' },
  },
  build: {
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
});
