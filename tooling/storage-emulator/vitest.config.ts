import { vitestPreset } from '@omega/config/vitest';
import { defineConfig } from 'vitest/config';

export default defineConfig(vitestPreset({ testTimeout: 20_000 }));
