import { randomUUID } from 'node:crypto';
import type { DeviceCommandsRecord, TopicSerde } from '@streamfold/schemas';
import type { RequestHandler } from 'express';
import { commandRecord } from '../kafka/records.js';
import { commandNames, isCommandName, validateCommand } from '../validation/commands.js';
import { reject } from './body.js';
import { produceOr503, type ProduceDeps } from './produce.js';

export interface CommandsDeps extends ProduceDeps {
  readonly serde: TopicSerde<DeviceCommandsRecord>;
  /** The device.commands topic, prefixed. */
  readonly topic: string;
  /** Where the projection serves command outcomes; no Location header without it. */
  readonly projectionUrl: string | null;
}

/** Where the outcome of a command is read: the projection's `/v1/commands/:commandId`. */
export const outcomePath = (commandId: string): string =>
  `/v1/commands/${encodeURIComponent(commandId)}`;

/**
 * `POST /v1/devices/:id/commands/:name`. The Idempotency-Key header, when sent, is the command's
 * id (the aggregator answers a repeated id without applying it twice); otherwise a UUID is. 202
 * once Kafka acknowledged the command, with where to read its outcome.
 */
export function postCommand(deps: CommandsDeps): RequestHandler<{ id: string; name: string }> {
  return async (req, res) => {
    const { id, name } = req.params;
    if (!isCommandName(name)) {
      reject(
        res,
        deps.metrics,
        'unknown-command',
        404,
        `no command ${name}; a device takes ${commandNames.join(', ')}`,
        { commands: commandNames },
      );
      return;
    }
    const result = validateCommand(
      { name, deviceId: id, body: req.body, idempotencyKey: req.get('idempotency-key') },
      { generatedId: randomUUID(), issuedAt: Date.now() },
    );
    if (!result.ok) {
      reject(res, deps.metrics, 'invalid', 400, `${result.errors.length} invalid field(s)`, {
        errors: result.errors,
      });
      return;
    }
    const command = result.value;
    const written = await produceOr503(res, deps, deps.topic, async () => [
      await commandRecord(deps.serde, command),
    ]);
    if (!written) return;
    const { commandId } = command.value.meta;
    const outcome = outcomePath(commandId);
    // The outcome is the projection's to serve: without its address, a Location here would
    // send clients to a path this service does not have.
    if (deps.projectionUrl !== null) {
      res.location(`${deps.projectionUrl.replace(/\/+$/, '')}${outcome}`);
    }
    res.status(202).json({ commandId, outcome });
  };
}
