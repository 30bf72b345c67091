/**
 * A planned command as the record the producer's HTTP API writes for it: the same validation
 * and the same mapping, so a run straight to Kafka and one over HTTP write the same commands.
 */
import type { DeviceCommandsRecord } from '@streamfold/schemas';
import { validateCommand } from '../validation/commands.js';
import type { PlannedCommand } from './plan.js';

export function plannedCommandRecord(
  command: PlannedCommand,
  issuedAt: number,
): DeviceCommandsRecord {
  const validated = validateCommand(
    {
      name: command.name,
      deviceId: command.deviceId,
      body: command.body,
      idempotencyKey: command.idempotencyKey,
    },
    { generatedId: command.idempotencyKey, issuedAt },
  );
  if (!validated.ok) {
    const problems = validated.errors.map((e) => `${e.path}: ${e.message}`).join('; ');
    throw new Error(`the plan's ${command.name} of ${command.deviceId} is invalid: ${problems}`);
  }
  return validated.value;
}
