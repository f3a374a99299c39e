/** One row of the `npm run bench` table. Each benchmark module measures drugclaim and, where the issue names one, its peer in the same run. */
export interface BenchRow {
  /** e.g. "reference import", "x12 read 837P 100 MB". */
  benchmark: string;
  /** What was measured: "drugclaim", "node-x12", "byte scan", "node:sqlite", "better-sqlite3"… */
  subject: string;
  metric: string;
  value: number;
  unit: string;
  /** The target, as text ("< 5 s"), when there is one. */
  target?: string;
  /** Whether `value` meets the target (undefined when there is none). */
  met?: boolean;
  note?: string;
}

export interface BenchModule {
  name: string;
  run(): Promise<BenchRow[]>;
}
