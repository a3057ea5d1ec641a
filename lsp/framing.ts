// The stdio transport's framing: `Content-Length: N\r\n\r\n` + N bytes of
// JSON, read so that a bad frame never stalls the server. vscode-jsonrpc's
// reader trusts the header: a frame with a wrong length swallows the next
// frames (or waits forever), and one without a length stops the reader. This
// reader re-synchronises instead, and logs every frame it cannot read:
//
// - a header block without a valid Content-Length is skipped;
// - bytes that are not a header (the rest of a frame whose length was too
//   small, stray output) are skipped up to the next `Content-Length:`;
// - a length too large is noticed when the next header shows up inside the
//   declared body (`Content-Length: N` and a raw line break cannot occur inside
//   JSON): the bytes before it are used if they are one JSON message;
// - a body still incomplete after a pause is used if what arrived is already
//   one JSON message (the length was too large and nothing followed), else the
//   wait is logged.
// Only the stdio transport (stdio.ts) frames messages; the browser worker posts objects.
import { AbstractMessageReader, type DataCallback, type Disposable, type Message } from 'vscode-jsonrpc';

const HEADER_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = Buffer.from('Content-Length:');
/** A header block longer than this is not a header. */
const MAX_HEADER = 8 * 1024;

export interface FramedReaderOptions {
  log: (message: string) => void;
  /** How long an incomplete body may wait before it is looked at (ms). */
  partialTimeout?: number;
}

export class FramedMessageReader extends AbstractMessageReader {
  private buffer: Buffer = Buffer.alloc(0);
  private callback: DataCallback | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** Whether a `shutdown` request went through (an orderly exit follows). */
  shutdownSeen = false;
  private readonly log: (m: string) => void;
  private readonly partialTimeout: number;

  constructor(
    private readonly readable: NodeJS.ReadableStream,
    options: FramedReaderOptions,
  ) {
    super();
    this.log = options.log;
    this.partialTimeout = options.partialTimeout ?? 1000;
  }

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    const onData = (chunk: Buffer | string) => this.onData(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
    const onEnd = () => this.fireClose();
    const onError = (e: unknown) => this.fireError(e);
    this.readable.on('data', onData);
    this.readable.on('end', onEnd);
    this.readable.on('close', onEnd);
    this.readable.on('error', onError);
    return {
      dispose: () => {
        this.readable.off('data', onData);
        this.readable.off('end', onEnd);
        this.readable.off('close', onEnd);
        this.readable.off('error', onError);
        this.callback = undefined;
        if (this.timer) clearTimeout(this.timer);
      },
    };
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    this.drain();
  }

  /** Reads every complete frame in the buffer. */
  private drain(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    for (;;) {
      if (!this.skipToHeader()) return;
      const end = this.buffer.indexOf(HEADER_END);
      if (end < 0) {
        if (this.buffer.length > MAX_HEADER) this.drop(1, 'a header block without an end');
        else return;
        continue;
      }
      const length = contentLength(this.buffer.subarray(0, end).toString('ascii'));
      if (length === undefined) {
        this.drop(end + HEADER_END.length, 'a frame without a valid Content-Length header');
        continue;
      }
      const bodyStart = end + HEADER_END.length;
      const available = this.buffer.length - bodyStart;
      // The next header inside the declared body: the declared length was too large.
      const next = nextHeader(this.buffer, bodyStart, Math.min(this.buffer.length, bodyStart + length));
      if (next >= 0) {
        const body = this.buffer.subarray(bodyStart, next);
        this.buffer = this.buffer.subarray(next);
        this.deliver(body, `Content-Length ${length} runs into the next frame (${body.length} bytes before it)`);
        continue;
      }
      if (available < length) {
        this.timer = setTimeout(() => this.partial(bodyStart, length), this.partialTimeout);
        return;
      }
      const body = this.buffer.subarray(bodyStart, bodyStart + length);
      this.buffer = this.buffer.subarray(bodyStart + length);
      this.deliver(body);
    }
  }

  /** Drops anything before the next `Content-Length:`; false when no header start is in the buffer yet. */
  private skipToHeader(): boolean {
    if (this.buffer.length === 0) return false;
    if (looksLikeHeader(this.buffer)) return true;
    const at = this.buffer.indexOf(CONTENT_LENGTH);
    if (at < 0) {
      // Keep a tail that may be the start of a header split across chunks.
      const keep = Math.min(this.buffer.length, CONTENT_LENGTH.length - 1);
      if (this.buffer.length > keep) this.drop(this.buffer.length - keep, 'bytes outside any frame');
      return false;
    }
    this.drop(at, 'bytes outside any frame');
    return true;
  }

  private drop(n: number, why: string): void {
    this.log(`skipped ${n} bytes: ${why}`);
    this.buffer = this.buffer.subarray(n);
  }

  /** Called when a body has waited `partialTimeout` for the rest of its declared length. */
  private partial(bodyStart: number, length: number): void {
    this.timer = undefined;
    const body = this.buffer.subarray(bodyStart);
    const message = parseMessage(body);
    if (message) {
      this.buffer = Buffer.alloc(0);
      this.log(`Content-Length ${length} but only ${body.length} bytes came, and they are one message: using it`);
      this.dispatch(message);
      return;
    }
    this.log(`waiting for the rest of a frame: Content-Length ${length}, ${body.length} bytes received`);
  }

  private deliver(body: Buffer, warning?: string): void {
    const message = parseMessage(body);
    if (!message) {
      this.log(`skipped a frame whose body is not a JSON-RPC message${warning ? ` (${warning})` : ''}`);
      return;
    }
    if (warning) this.log(`${warning}; the bytes before it are one message: using it`);
    this.dispatch(message);
  }

  private dispatch(message: Message): void {
    if ((message as { method?: unknown }).method === 'shutdown') this.shutdownSeen = true;
    try {
      this.callback?.(message);
    } catch (e) {
      this.log(`handling a message failed: ${e instanceof Error ? e.stack : e}`);
    }
  }
}

/** `Content-Length` of a header block, or undefined when absent or not a whole number. */
function contentLength(header: string): number | undefined {
  let length: number | undefined;
  for (const line of header.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) return undefined;
    if (line.slice(0, colon).trim().toLowerCase() !== 'content-length') continue;
    const value = line.slice(colon + 1).trim();
    if (!/^\d{1,9}$/.test(value)) return undefined;
    length = Number(value);
  }
  return length;
}

const HEADER_NAMES = ['content-length:', 'content-type:'];

/** A header block starts with one of the two LSP header names (possibly cut short at the buffer's end). */
function looksLikeHeader(b: Buffer): boolean {
  const head = b.subarray(0, 15).toString('latin1').toLowerCase();
  return HEADER_NAMES.some((n) => (head.length >= n.length ? head.startsWith(n) : n.startsWith(head)));
}

/**
 * Offset of the next frame's header inside [from, to), or −1: `Content-Length:`, digits and a raw line
 * break. A JSON body cannot contain that (a raw line break cannot occur inside a JSON string, and
 * outside strings JSON has no such word), so a match means the declared length was too large.
 */
function nextHeader(b: Buffer, from: number, to: number): number {
  let at = b.indexOf(CONTENT_LENGTH, from);
  while (at >= 0 && at < to) {
    let i = at + CONTENT_LENGTH.length;
    while (i < b.length && b[i] === 32) i++;
    const digits = i;
    while (i < b.length && b[i]! >= 48 && b[i]! <= 57) i++;
    if (i > digits && i < b.length && b[i] === 13) return at;
    at = b.indexOf(CONTENT_LENGTH, at + 1);
  }
  return -1;
}

function parseMessage(body: Buffer): Message | undefined {
  try {
    const m = JSON.parse(body.toString('utf8')) as unknown;
    return m && typeof m === 'object' && !Array.isArray(m) && (m as { jsonrpc?: unknown }).jsonrpc === '2.0' ? (m as Message) : undefined;
  } catch {
    return undefined;
  }
}
