import type { TestProject } from 'vitest/node';
import { findKafka } from './find-kafka.js';
import './provided.js';

/** Vitest global setup of the int and e2e tiers: one Kafka for the whole run. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { found, stop } = await findKafka(process.env);
  project.provide('streamfoldKafka', found);
  return async () => {
    // A local stack stays up for the next run; containers started for this run go away.
    await stop?.();
  };
}
