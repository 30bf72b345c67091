import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';

const slug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);

/**
 * A name no other test (or earlier run) uses: `<prefix>.<test name>.<random>`, valid as a
 * topic, group or transactional id. Call it inside a test or hook.
 */
export function uniqueName(prefix: string): string {
  const test = expect.getState().currentTestName ?? 'suite';
  return `${prefix}.${slug(test)}.${randomBytes(4).toString('hex')}`;
}
