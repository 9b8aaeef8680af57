import { vitestPreset } from '@omega/config/vitest';
import { defineConfig } from 'vitest/config';

// The contract test starts two Prism proxies (≈ 5–20 s on a busy machine).
export default defineConfig(vitestPreset({ testTimeout: 30_000 }));
