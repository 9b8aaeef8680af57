import { defineConfig } from 'vitest/config';
import { vitestPreset } from './src/vitest-preset.ts';

export default defineConfig(vitestPreset());
