import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The root `pnpm dev` serves this app from the local stack (its `dashboard` piece: this config,
// with /api proxied to the stack's staff API and sign-in to its Auth emulator). `pnpm dev` here
// alone proxies /api to `STAFF_API_URL` (the staffApi function's URL) and signs in against
// Google unless `VITE_AUTH_EMULATOR_HOST` is set. `/api/public` (the customer API, for the
// consent-ui example page) comes first: Vite takes the first matching prefix, and the stack's
// proxies merge into these keys in this order.
export default defineConfig({
  plugins: [react()],
  server: {
    port: Number(process.env.DASHBOARD_PORT ?? 5174),
    proxy: {
      '/api/public': {
        target: process.env.CUSTOMER_API_URL ?? 'http://127.0.0.1:5001',
        changeOrigin: true,
      },
      '/api': {
        target:
          process.env.STAFF_API_URL ?? 'http://127.0.0.1:5001/demo-omega/europe-west1/staffApi',
        changeOrigin: true,
      },
    },
  },
  build: {
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
});
