#!/usr/bin/env node
// Runs the TypeScript CLI without a build step (workspace packages ship their sources).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
