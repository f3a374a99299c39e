/**
 * A long text answered in pieces. A 40 MB fixed claim file joined into one string, measured and encoded in one go held
 * up every other request for 0.3–0.5 s; here its pieces are gathered into windows of about a MiB, measured a window
 * at a time (the Content-Length is known before the first byte goes), and each window is encoded when the client
 * takes more.
 */
import { Readable } from 'node:stream';

/** Characters in a window: measured or encoded in a few ms. */
const WINDOW_CHARS = 1 << 20;

export interface TextBody {
  /** The bytes, a window at a time, as the client takes them. */
  stream: Readable;
  /** How many bytes: the Content-Length. */
  length: number;
}

/**
 * The text of `pieces` (joined) as bytes in `encoding`, byte for byte what `Buffer.from(pieces.join(''), encoding)`
 * gives, awaiting `pace` after each window (small pieces are gathered into one window, a long one is cut into several).
 */
export async function textBody(
  pieces: Iterable<string>,
  encoding: 'utf-8' | 'latin1',
  pace: () => Promise<void>,
  windowChars = WINDOW_CHARS,
): Promise<TextBody> {
  const windows: string[] = [];
  let length = 0;
  for (const window of textWindows(pieces, windowChars)) {
    windows.push(window);
    length += Buffer.byteLength(window, encoding);
    await pace();
  }
  async function* encoded(): AsyncGenerator<Buffer> {
    for (let i = 0; i < windows.length; i++) {
      const bytes = Buffer.from(windows[i] as string, encoding);
      // Sent: its text can go while the rest is.
      windows[i] = '';
      yield bytes;
      await pace();
    }
  }
  // Bytes, not objects: the stream keeps one window ahead of the client, not sixteen.
  return { stream: Readable.from(encoded(), { objectMode: false }), length };
}

/**
 * The text of `pieces` in windows of `size` characters (the last one shorter). A window never ends between the two
 * halves of a surrogate pair: each half encoded alone would be U+FFFD, not the character.
 */
function* textWindows(pieces: Iterable<string>, size: number): Generator<string> {
  let gathered: string[] = [];
  let length = 0;
  for (const piece of pieces) {
    for (let at = 0; at < piece.length;) {
      const end = Math.min(piece.length, at + Math.max(1, size - length));
      gathered.push(at === 0 && end === piece.length ? piece : piece.slice(at, end));
      length += end - at;
      at = end;
      if (length < size) continue;
      const text = gathered.join('');
      const last = text.charCodeAt(text.length - 1);
      const held = last >= 0xd800 && last <= 0xdbff ? 1 : 0;
      if (text.length > held) yield text.slice(0, text.length - held);
      gathered = held === 1 ? [text.slice(-1)] : [];
      length = held;
    }
  }
  if (length > 0) yield gathered.join('');
}
