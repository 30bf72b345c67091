/** A duration as tests write it: `'10s'`, `'500ms'`, `'2m'`, or milliseconds. */
export type Duration = number | `${number}ms` | `${number}s` | `${number}m`;

export function toMs(duration: Duration): number {
  if (typeof duration === 'number') return duration;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(duration);
  if (match?.[1] === undefined) throw new TypeError(`not a duration: ${duration}`);
  const factor = { ms: 1, s: 1_000, m: 60_000 }[match[2] as 'ms' | 's' | 'm'];
  return Number(match[1]) * factor;
}

export interface UntilOptions {
  within: Duration;
  /** Time between attempts. */
  every?: Duration;
  /** Said in the error when the deadline passes. */
  what?: string;
}

/**
 * Waits until `condition` returns true (or a promise of true), checking again every `every`;
 * fails with the last error the condition threw once `within` has passed. Use instead of
 * fixed sleeps: it returns as soon as the condition holds.
 */
export async function until(
  condition: () => boolean | Promise<boolean>,
  options: UntilOptions,
): Promise<void> {
  const deadline = Date.now() + toMs(options.within);
  const every = toMs(options.every ?? 50);
  let lastError: unknown;
  for (;;) {
    try {
      if (await condition()) return;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const what = options.what ?? condition.toString();
      throw new Error(
        `not true within ${String(options.within)}: ${what}`,
        lastError === undefined ? undefined : { cause: lastError },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, every));
  }
}
