import { ConfigError } from '@streamfold/observability';

/** The problems a configuration loader reports (none when it loads); any other error is thrown. */
export function configProblems(load: () => unknown): readonly string[] {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}
