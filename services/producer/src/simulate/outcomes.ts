/**
 * Waiting until the projection knows each command's outcome: only then has the aggregator
 * handled it, and a device's readings sent after that find it registered.
 */
import type { PlannedCommand } from './plan.js';
import { SendFailure } from './senders/types.js';

export function outcomesKnown(
  projectionUrl: string,
  signal?: AbortSignal,
  withinMs = 120_000,
): (commands: readonly PlannedCommand[]) => Promise<void> {
  return async (commands) => {
    const deadline = Date.now() + withinMs;
    const pending = new Set(commands.map((c) => c.idempotencyKey));
    while (pending.size > 0) {
      if (signal?.aborted === true) return;
      for (const commandId of [...pending]) {
        const url = `${projectionUrl}/v1/commands/${encodeURIComponent(commandId)}`;
        let status: number;
        try {
          status = (await fetch(url, { signal: AbortSignal.timeout(5_000) })).status;
        } catch (error) {
          throw new SendFailure(
            `the projection at ${projectionUrl} does not answer (${error instanceof Error ? error.message : String(error)}); pass --projection-url, or --no-wait`,
          );
        }
        if (status === 200) pending.delete(commandId);
        else if (status !== 404) {
          throw new SendFailure(`GET ${url} answered ${status}`);
        }
      }
      if (pending.size === 0) return;
      if (Date.now() > deadline) {
        throw new SendFailure(
          `${pending.size} commands still have no outcome at ${projectionUrl} after ${withinMs / 1000} s (is the aggregator running?)`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };
}
