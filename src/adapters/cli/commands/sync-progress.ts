/**
 * What `data sync` shows while it downloads, on stderr: a bar per file on a terminal; elsewhere (a log, CI, a pipe)
 * plain lines — each start, bytes so far every few seconds, a line while a download is stalled, each retry and
 * each end — so a hanging server is visible at once instead of after the timeout.
 */
import cliProgress from 'cli-progress';
import type { SyncProgress } from '../../cms-sync/index.ts';

interface Active {
  name: string;
  started: number;
  bytes: number;
  total: number | null;
  /** When the last line about this download was written (plain mode). */
  lastLine: number;
  /** When the last byte (or the response) arrived. */
  lastData: number;
  bar?: cliProgress.SingleBar;
}

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface SyncProgressViewOptions {
  /** Plain mode: the least time between two lines about one download, and the stall reminder's period. */
  intervalMs?: number;
}

const count = (n: number): string => n.toLocaleString('en-US');

/** The longest source id, "mue-outpatient-hospital". */
const LABEL_WIDTH = 23;

function fileName(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.split('/').at(-1) ?? '') || url;
  } catch {
    // Only well-formed URLs reach a download; this is the display of an odd one, not a check.
    return url;
  }
}

export class SyncProgressView {
  private readonly stream: ProgressStream;
  private readonly intervalMs: number;
  private readonly active = new Map<string, Active>();
  private multibar: cliProgress.MultiBar | undefined;
  private ticker: ReturnType<typeof setInterval> | undefined;

  constructor(stream: ProgressStream, options: SyncProgressViewOptions = {}) {
    this.stream = stream;
    this.intervalMs = options.intervalMs ?? 5000;
    if (stream.isTTY === true) {
      this.multibar = new cliProgress.MultiBar(
        {
          // The source id, not the file name: CMS names run to 80 characters and a bar line must fit the terminal.
          format: '{label} [{bar}] {got}',
          barsize: 24,
          hideCursor: true,
          clearOnComplete: false,
          stream: stream as NodeJS.WritableStream,
        },
        cliProgress.Presets.shades_classic,
      );
    }
  }

  update(p: SyncProgress): void {
    const now = performance.now();
    switch (p.kind) {
      case 'start': {
        const name = fileName(p.url);
        const entry: Active = {
          name,
          started: now,
          bytes: 0,
          total: null,
          lastLine: now,
          lastData: now,
        };
        const old = this.active.get(p.id);
        // A retry goes on from the first attempt's start: the times shown are the file's, not the attempt's.
        if (old) entry.started = old.started;
        if (old?.bar) entry.bar = old.bar;
        this.active.set(p.id, entry);
        if (this.multibar) {
          entry.bar ??= this.multibar.create(1, 0, { label: p.id.padEnd(LABEL_WIDTH), got: 'waiting…' });
          entry.bar.update(0, { got: p.attempt > 1 ? `attempt ${p.attempt}, waiting…` : 'waiting…' });
        } else {
          this.line(
            p.attempt > 1
              ? `${p.id}: attempt ${p.attempt}: downloading ${name}`
              : `${p.id}: downloading ${name} from ${p.url}`,
          );
        }
        this.startTicker();
        return;
      }
      case 'response':
      case 'bytes': {
        const a = this.active.get(p.id);
        if (!a) return;
        a.total = p.total;
        a.lastData = now;
        if (p.kind === 'bytes') a.bytes = p.bytes;
        if (a.bar) {
          a.bar.setTotal(a.total ?? Math.max(a.bytes, 1));
          a.bar.update(a.total === null ? 0 : a.bytes, { got: this.got(a) });
        } else if (p.kind === 'bytes' && now - a.lastLine >= this.intervalMs) {
          a.lastLine = now;
          this.line(`${p.id}: ${a.name}: ${this.got(a)}`);
        }
        return;
      }
      case 'retry':
        this.line(`${p.id}: ${p.reason}; retrying (attempt ${p.attempt} of 2)`);
        return;
      case 'done':
      case 'failed': {
        const a = this.active.get(p.id);
        this.active.delete(p.id);
        const secs = a ? ((now - a.started) / 1000).toFixed(1) : '?';
        const text =
          p.kind === 'done'
            ? `done, ${count(p.bytes)} bytes in ${secs} s`
            : `failed after ${secs} s: ${p.message}`;
        if (a?.bar) {
          a.bar.setTotal(Math.max(a.bytes, 1));
          a.bar.update(p.kind === 'done' ? Math.max(a.bytes, 1) : 0, { got: text });
          a.bar.stop();
        } else this.line(`${p.id}: ${a?.name ?? ''}: ${text}`);
        if (this.active.size === 0) this.stopTicker();
        return;
      }
    }
  }

  /** Ends the display (call once the sync returns). */
  stop(): void {
    this.stopTicker();
    this.multibar?.stop();
    this.multibar = undefined;
  }

  private got(a: Active): string {
    if (a.total === null) return `${count(a.bytes)} bytes so far`;
    const pct = a.total > 0 ? Math.floor((a.bytes / a.total) * 100) : 100;
    return `${count(a.bytes)} of ${count(a.total)} bytes (${pct} %)`;
  }

  private line(text: string): void {
    if (this.multibar) this.multibar.log(`${text}\n`);
    else this.stream.write(`${text}\n`);
  }

  /** Plain mode: a line for each download nothing was said about for a while, so a stall shows. */
  private startTicker(): void {
    if (this.multibar || this.ticker) return;
    this.ticker = setInterval(() => {
      const now = performance.now();
      for (const [id, a] of this.active) {
        if (now - a.lastLine < this.intervalMs) continue;
        a.lastLine = now;
        const idle = ((now - a.lastData) / 1000).toFixed(0);
        const stalled = now - a.lastData >= this.intervalMs;
        this.line(`${id}: ${a.name}: ${this.got(a)}${stalled ? `, nothing received for ${idle} s` : ''}`);
      }
    }, this.intervalMs);
    this.ticker.unref();
  }

  private stopTicker(): void {
    clearInterval(this.ticker);
    this.ticker = undefined;
  }
}
