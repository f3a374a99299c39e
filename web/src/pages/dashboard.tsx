/**
 * Dashboard: where the money goes. Denials by root cause, payer and code; recoverable dollars over time; the drug
 * lines with the most avoidable waste. Each bar opens the worklist filtered to it.
 */
import { useEffect, useState } from 'react';
import { getJson } from '../api.ts';
import { BarChart, Donut, TimeChart, type Datum } from '../components/charts.tsx';
import { RecoverableFootnote, type RecoverableQualifiers } from '../components/recoverable.tsx';
import { Card, Empty, ErrorNote, Spinner, Stat } from '../components/ui.tsx';
import { dollarsFromCents, humanize, plural, shortDollars } from '../format.ts';
import { Link, useRouter } from '../router.tsx';
import { useSession } from '../session.tsx';

export interface Bucket {
  key: string;
  label: string;
  count: number;
  amountCents: number;
  recoverableCents: number;
}

export interface WasteRow {
  code: string;
  description: string;
  lines: number;
  discardedUnits: number;
  avoidableUnits: number;
  avoidableCents: number;
  wasteCents: number;
}

export interface Dashboard {
  asOf: string;
  totals: {
    openItems: number;
    openDenials: number;
    openUnderpayments: number;
    recoverableCents: number;
    deniedCents: number;
    underpaidCents: number;
    recoveredCents: number;
    dueSoon: number;
    pastDeadline: number;
  } & Partial<RecoverableQualifiers>;
  byCause: Bucket[];
  byPayer: Bucket[];
  byCode: Bucket[];
  byMonth: Bucket[];
  byStatus: Bucket[];
  avoidableWaste: WasteRow[];
  counts: { claims: number; remittances: number; remitClaims: number; matched: number; findings: number };
}

const toData = (rows: Bucket[], value: (b: Bucket) => number = (b) => b.recoverableCents): Datum[] =>
  rows.map((b) => ({ key: b.key, label: b.label, value: value(b), extra: `· ${plural(b.count, 'line')}` }));

export function DashboardPage() {
  const [data, setData] = useState<Dashboard | null>(null);
  const [error, setError] = useState<unknown>(null);
  const { navigate } = useRouter();
  const { asOf, epoch } = useSession();

  useEffect(() => {
    setError(null);
    getJson<Dashboard>(`/api/dashboard?asOf=${asOf}`).then(setData).catch(setError);
  }, [asOf, epoch]);

  if (error) return <ErrorNote error={error} />;
  if (!data) return <Spinner />;
  const t = data.totals;
  // The route's underpaidCents is the underpayments' recoverable gap; the rest of the recoverable is the denials'.
  const denialsRecoverable = t.recoverableCents - t.underpaidCents;
  const empty = data.counts.findings === 0;
  return (
    <div className="page">
      <div className="page-head">
        <h1>Dashboard</h1>
        <p className="muted">
          {plural(data.counts.claims, 'claim')} submitted ·{' '}
          {plural(data.counts.remitClaims, 'remittance claim')} ({data.counts.matched.toLocaleString('en-US')}{' '}
          matched) · for the open items, deadlines counted to {data.asOf} (the as-of date at the top)
        </p>
      </div>
      <div className="stats" aria-label="Open items">
        <Stat
          label={`recoverable on ${plural(t.openItems, 'open item')}`}
          value={dollarsFromCents(t.recoverableCents)}
          tone="good"
        />
        <Stat
          label={`recoverable on ${plural(t.openDenials, 'open denial')} (${dollarsFromCents(t.deniedCents)} denied)`}
          value={dollarsFromCents(denialsRecoverable)}
          tone="bad"
        />
        <Stat
          label={`recoverable on ${plural(t.openUnderpayments, 'open underpayment')} (paid below expected)`}
          value={dollarsFromCents(t.underpaidCents)}
          tone="warn"
        />
        <Stat
          label="recovered so far (paid by later remittances or marked recovered)"
          value={dollarsFromCents(t.recoveredCents)}
          tone="good"
        />
        <Stat
          label="open items with the deadline within 14 days"
          value={t.dueSoon}
          tone={t.dueSoon > 0 ? 'warn' : undefined}
        />
        <Stat
          label="open items past the deadline"
          value={t.pastDeadline}
          tone={t.pastDeadline > 0 ? 'bad' : undefined}
        />
      </div>
      <RecoverableFootnote totals={t} />
      <p className="muted small">
        Denials and underpayments add up to the recoverable total. “Denied” is the billed amount the payer
        refused; recoverable is what an appeal or correction can still bring in.
      </p>
      {empty && (
        <Card>
          <Empty>
            No remittances analysed yet. <Link to="/import">Import</Link> the submitted claims and the
            payer&apos;s 835 files to see where the money goes.
          </Empty>
        </Card>
      )}
      <div className="grid-2">
        <Card
          title="Open recoverable dollars by root cause"
          actions={<Link to="/worklist?kind=denial">Worklist →</Link>}
        >
          <BarChart
            title="Open recoverable dollars by root cause"
            data={toData(data.byCause)}
            format={shortDollars}
            exact={dollarsFromCents}
            onSelect={(key) => navigate(`/worklist?cause=${encodeURIComponent(key)}`)}
          />
        </Card>
        <Card title="Recoverable dollars over time (by remittance month)">
          <TimeChart
            title="Recoverable dollars per remittance month, with running total"
            data={data.byMonth.map((b) => ({ key: b.key, label: b.label, value: b.recoverableCents }))}
            format={shortDollars}
            exact={dollarsFromCents}
          />
        </Card>
        <Card title="By payer">
          <BarChart
            title="Open recoverable dollars by payer"
            data={toData(data.byPayer)}
            format={shortDollars}
            exact={dollarsFromCents}
            onSelect={(key) => navigate(`/worklist?payer=${encodeURIComponent(key)}`)}
          />
        </Card>
        <Card title="By drug code">
          <BarChart
            title="Open recoverable dollars by HCPCS code"
            data={toData(data.byCode)}
            format={shortDollars}
            exact={dollarsFromCents}
          />
        </Card>
        <Card title="Work status">
          <Donut
            title="Findings by worklist status (count)"
            data={data.byStatus.map((b) => ({ key: b.key, label: humanize(b.label), value: b.count }))}
            format={(v) => String(Math.round(v))}
          />
        </Card>
        <Card title="Top avoidable waste">
          {data.avoidableWaste.length === 0 ? (
            <Empty>No JW (discarded drug) lines with avoidable waste in the claims imported.</Empty>
          ) : (
            <>
              <BarChart
                title="Avoidable waste in dollars by code: discarded units beyond the least-waste vial choice, at the ASP limit"
                data={data.avoidableWaste.map((w) => ({
                  key: w.code,
                  label: `${w.code} ${w.description}`,
                  value: w.avoidableCents,
                  extra: `· ${w.avoidableUnits} u`,
                }))}
                format={shortDollars}
                exact={dollarsFromCents}
              />
              <p className="muted small">
                Discarded units beyond what the least-waste combination of the NDC packages on the date would
                discard, priced at the ASP payment limit.
              </p>
            </>
          )}
        </Card>
      </div>
    </div>
  );
}
