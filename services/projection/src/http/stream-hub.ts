import type { ServerResponse } from 'node:http';
import type { ProjectedRecord } from '../domain/read-models.js';
import { formatMessage, StreamHistory, toStreamMessage } from './stream-history.js';

export interface StreamHubOptions {
  /** Messages kept for clients that resume with Last-Event-ID. */
  history: number;
  heartbeatMs: number;
  maxClients: number;
  /** A client whose unsent output grows past this is cut off; it resumes with Last-Event-ID. */
  maxBufferedBytes?: number;
  /** Told the number of connected clients whenever it changes. */
  onClients?: (count: number) => void;
}

/** Why a stream was refused: the route answers it as problem+json. */
export interface StreamRefusal {
  readonly status: 503;
  readonly detail: string;
}

/**
 * GET /v1/stream: every applied record as a Server-Sent Event, in apply order, to every
 * connected client, with heartbeat comments, resumable from a bounded history.
 */
export class StreamHub {
  private readonly history: StreamHistory;
  private readonly clients = new Set<ServerResponse>();
  private heartbeat: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: StreamHubOptions) {
    this.history = new StreamHistory(options.history);
  }

  get clientCount(): number {
    return this.clients.size;
  }

  publish(applied: readonly ProjectedRecord[]): void {
    for (const entry of applied) {
      const message = toStreamMessage(entry);
      this.history.push(message);
      const text = formatMessage(message);
      for (const client of this.clients) this.send(client, text);
    }
  }

  /**
   * Starts a stream on `res`: the messages after `lastEventId` (or a `reset` event when the
   * history no longer holds it), then every message as it is applied.
   */
  connect(res: ServerResponse, lastEventId: string | undefined): StreamRefusal | undefined {
    if (this.closed) return { status: 503, detail: 'the service is shutting down' };
    if (this.clients.size >= this.options.maxClients) {
      return {
        status: 503,
        detail: `${this.options.maxClients} stream clients are connected, the most this instance serves`,
      };
    }
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      // The socket ends with the stream, so a shutdown does not wait on an idle keep-alive.
      Connection: 'close',
      'X-Accel-Buffering': 'no',
    });
    res.write(`retry: 1000\n: connected\n\n`);
    if (lastEventId !== undefined) {
      const resume = this.history.resumeAfter(lastEventId);
      if (resume.kind === 'after') {
        for (const message of resume.messages) res.write(formatMessage(message));
      } else {
        // No `id:` line: the client keeps its Last-Event-ID until a real message moves it.
        res.write(
          `event: reset\ndata: ${JSON.stringify({ reason: resume.reason, lastEventId, oldestId: resume.oldestId })}\n\n`,
        );
      }
    }
    this.clients.add(res);
    this.changed();
    // The response's close, not the request's: that one fires once the request is read.
    res.once('close', () => {
      if (this.clients.delete(res)) this.changed();
    });
    this.heartbeat ??= setInterval(() => this.beat(), this.options.heartbeatMs).unref();
    return undefined;
  }

  /** Ends every stream and refuses new ones: the first step of a shutdown. */
  close(): void {
    this.closed = true;
    clearInterval(this.heartbeat);
    for (const client of this.clients) client.end();
    this.clients.clear();
    this.changed();
  }

  private beat(): void {
    for (const client of this.clients) this.send(client, `: heartbeat ${Date.now()}\n\n`);
  }

  private send(client: ServerResponse, text: string): void {
    client.write(text);
    if (client.writableLength > (this.options.maxBufferedBytes ?? 4 * 1024 * 1024)) {
      // Too slow to keep up: holding more for it would grow without bound.
      this.clients.delete(client);
      client.destroy();
      this.changed();
    }
  }

  private changed(): void {
    this.options.onClients?.(this.clients.size);
  }
}
