#!/usr/bin/env node
import { ConfigError } from '@streamfold/observability';
import { initCluster } from './init.js';

try {
  await initCluster(process.env);
} catch (error) {
  process.stderr.write(`init: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = error instanceof ConfigError ? 78 : 1;
}
