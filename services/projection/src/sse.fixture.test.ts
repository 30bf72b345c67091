/** A Server-Sent Events client on fetch streaming, for the tests (Node has no EventSource). */

export interface SseBlock {
  readonly id?: string;
  readonly event?: string;
  readonly data?: string;
  readonly comments: readonly string[];
}

export interface SseConnection {
  readonly status: number;
  readonly contentType: string | null;
  /** Every block received so far, in order. */
  readonly blocks: SseBlock[];
  /** The blocks that are events (have an `event:` line). */
  events(): SseBlock[];
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;
  close(): void;
}

function parseBlock(text: string): SseBlock {
  const fields: { id?: string; event?: string; data?: string } = {};
  const comments: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith(':')) {
      comments.push(line.slice(1).trim());
      continue;
    }
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (name === 'id' || name === 'event') fields[name] = value;
    if (name === 'data')
      fields.data = fields.data === undefined ? value : `${fields.data}\n${value}`;
  }
  return { ...fields, comments };
}

export async function openStream(
  url: string,
  headers: Record<string, string> = {},
): Promise<SseConnection> {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: controller.signal,
  });
  const blocks: SseBlock[] = [];
  const body = response.body;
  const ended = (async () => {
    if (body === null) return;
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        blocks.push(parseBlock(buffer.slice(0, end)));
        buffer = buffer.slice(end + 2);
      }
    }
  })().catch((error: unknown) => {
    // Our own close aborts the read; anything else is the test's business.
    if (!controller.signal.aborted) throw error;
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    blocks,
    events: () => blocks.filter((b) => b.event !== undefined),
    ended,
    close: () => controller.abort(),
  };
}
