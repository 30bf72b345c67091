/**
 * Readings and commands to the producer's HTTP API: POST /v1/readings (a JSON array per
 * request) and POST /v1/devices/:id/commands/:name with an Idempotency-Key.
 */
import type { PlannedCommand, SendItem } from '../plan.js';
import {
  commandsByDevice,
  SendFailure,
  type CommandSender,
  type DeviceBatch,
  type ReadingSender,
  type Rejection,
} from './types.js';

export interface HttpSenderOptions {
  /** e.g. http://127.0.0.1:8080 */
  readonly producerUrl: string;
  /** Most readings per POST /v1/readings. */
  readonly batchSize: number;
  /** Per request. */
  readonly timeoutMs?: number;
  /**
   * How often a 503 is tried before giving up. A 503 means nothing was written (the producer
   * aborts a request it answers 503), so sending it again makes no duplicate.
   */
  readonly attempts?: number;
}

interface Answer {
  readonly status: number;
  readonly reason: string;
}

/** fetch's own message is "fetch failed"; the reason (ECONNREFUSED, a timeout) is its cause. */
const causeOf = (error: unknown): string => {
  const inner = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return inner instanceof Error ? inner.message : String(inner);
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `400 Invalid reading: value: expected number` from a problem+json body, else the status text. */
async function reasonOf(response: Response): Promise<string> {
  const text = await response.text();
  let problem: { title?: unknown; detail?: unknown } = {};
  try {
    problem = JSON.parse(text) as typeof problem;
  } catch {
    // Not JSON: the status line says enough.
  }
  const title = typeof problem.title === 'string' ? problem.title : response.statusText;
  const detail = typeof problem.detail === 'string' ? `: ${problem.detail}` : '';
  return `${response.status} ${title}${detail}`;
}

/**
 * One POST. A 503 says the producer wrote nothing (Kafka unreachable), so it is tried again
 * after its Retry-After, a bounded number of times; anything else is answered as is. A request
 * that never got an answer is a failure: it may have been written, and a resend could not be
 * told apart from a new reading.
 */
async function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: HttpSenderOptions,
): Promise<Answer> {
  const attempts = options.attempts ?? 10;
  for (let attempt = 1; ; attempt += 1) {
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
    } catch (error) {
      throw new SendFailure(`POST ${url} got no answer: ${causeOf(error)}`, { cause: error });
    }
    if (response.status !== 503 || attempt >= attempts) {
      return { status: response.status, reason: await reasonOf(response) };
    }
    await response.body?.cancel();
    const retryAfter = Number(response.headers.get('retry-after') ?? '1');
    await sleep(Math.min(10, Number.isFinite(retryAfter) ? Math.max(0.1, retryAfter) : 1) * 1000);
  }
}

export function httpCommands(options: HttpSenderOptions): CommandSender {
  const base = options.producerUrl.replace(/\/+$/, '');
  const sendOne = async (command: PlannedCommand) => {
    const url = `${base}/v1/devices/${encodeURIComponent(command.deviceId)}/commands/${command.name}`;
    const answer = await post(
      url,
      JSON.stringify(command.body),
      { 'idempotency-key': command.idempotencyKey },
      options,
    );
    if (answer.status !== 202) {
      throw new SendFailure(`${command.name} of ${command.deviceId} refused: ${answer.reason}`);
    }
  };
  return {
    async send(commands) {
      await Promise.all(
        commandsByDevice(commands).map(async (ofDevice) => {
          for (const command of ofDevice) await sendOne(command);
        }),
      );
    },
    close: () => Promise.resolve(),
  };
}

/** A device's items as requests: runs of readings up to batchSize, each garbage payload alone. */
function requestsOf(items: readonly SendItem[], batchSize: number): SendItem[][] {
  const requests: SendItem[][] = [];
  let run: SendItem[] = [];
  for (const item of items) {
    if (item.kind === 'garbage') {
      if (run.length > 0) requests.push(run);
      requests.push([item]);
      run = [];
      continue;
    }
    run.push(item);
    if (run.length === batchSize) {
      requests.push(run);
      run = [];
    }
  }
  if (run.length > 0) requests.push(run);
  return requests;
}

export function httpReadings(options: HttpSenderOptions): ReadingSender {
  const url = `${options.producerUrl.replace(/\/+$/, '')}/v1/readings`;
  const sendDevice = async ({ deviceId, items }: DeviceBatch): Promise<Rejection[]> => {
    const rejections: Rejection[] = [];
    for (const request of requestsOf(items, options.batchSize)) {
      const garbage = request[0]?.kind === 'garbage';
      const body = request
        .map((item) => (item.kind === 'garbage' ? item.payload : JSON.stringify(item.reading)))
        .join(',');
      const answer = await post(url, garbage ? body : `[${body}]`, {}, options);
      if (answer.status === 202) continue;
      // A 4xx refuses what was sent, nothing else; a 5xx leaves its fate unknown.
      if (answer.status >= 500 || answer.status < 400) {
        throw new SendFailure(`POST ${url} for ${deviceId}: ${answer.reason}`);
      }
      rejections.push({
        deviceId,
        kind: garbage ? 'garbage' : 'reading',
        payloads: request.length,
        reason: answer.reason,
      });
    }
    return rejections;
  };
  return {
    async send(wave) {
      return (await Promise.all(wave.map(sendDevice))).flat();
    },
    close: () => Promise.resolve(),
  };
}
