/**
 * The worklist: open denials and underpayments with amount, root cause, age and deadline; filters; status changes
 * with a note (kept as history); the letter for the line (appeal, corrected-claim worksheet or payment dispute),
 * previewed and downloaded (PDF or Markdown).
 */
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { getJson, request, saveBlob, sendJson } from '../api.ts';
import {
  Badge,
  Card,
  DataTable,
  Empty,
  ErrorNote,
  Field,
  num,
  Spinner,
  Stat,
  type Tone,
} from '../components/ui.tsx';
import { dollarsFromCents, humanize, plural } from '../format.ts';
import { useRouter } from '../router.tsx';
import { useSession } from '../session.tsx';

export const STATUSES = [
  'new',
  'in-progress',
  'appealed',
  'resubmitted',
  'corrected-claim-sent',
  'recovered',
  'written-off',
  'reversed',
  'withdrawn',
] as const;
export type Status = (typeof STATUSES)[number];

export interface WorkItem {
  id: number;
  kind: 'denial' | 'underpayment';
  claimId: string;
  line: number | null;
  code: string;
  payer: string;
  payerKind: string;
  groupCode: string | null;
  carc: string | null;
  rarc: string[];
  rootCause: string;
  rootCauseTitle: string;
  action: string;
  next: string | null;
  amountCents: number;
  recoverableCents: number;
  /** "upper bound, …" or "estimate: …" when the recoverable amount is not an expected payment; null otherwise. */
  recoverableNote: string | null;
  paidCents: number;
  expectedCents: number | null;
  serviceDate: string | null;
  remitDate: string | null;
  deadline: string | null;
  daysToDeadline: number | null;
  ageDays: number | null;
  status: Status;
  statusAt: string;
  /** The corrected claim sent for the item (corrected-claim-sent, or the void that withdrew it). */
  correctedClaim: {
    claimId: string;
    kind: 'replacement' | 'void';
    frequencyCode: '7' | '8';
    payerClaimControlNumber: string | null;
    date: string;
  } | null;
  allowedStatuses: Status[];
}

interface ItemDetail {
  item: WorkItem;
  history: { from: string | null; to: string; at: string; note?: string }[];
  why: string[];
  edits: string[];
  expectedSteps: { label: string; cents: number }[];
}

const STATUS_TONE: Record<Status, Tone> = {
  new: 'info',
  'in-progress': 'warn',
  appealed: 'warn',
  resubmitted: 'warn',
  'corrected-claim-sent': 'warn',
  recovered: 'good',
  'written-off': 'neutral',
  reversed: 'neutral',
  withdrawn: 'neutral',
};

function DeadlineBadge({ item }: { item: WorkItem }) {
  if (!item.deadline) return <span className="muted">—</span>;
  const d = item.daysToDeadline;
  const tone: Tone = d === null ? 'neutral' : d < 0 ? 'bad' : d <= 14 ? 'warn' : 'neutral';
  return (
    <span>
      {item.deadline} {d !== null && <Badge tone={tone}>{d < 0 ? `${-d} d late` : `${d} d left`}</Badge>}
    </span>
  );
}

function letterTitle(item: WorkItem): string {
  if (item.kind === 'underpayment') return 'Payment dispute letter';
  return item.action === 'correct-resubmit' ? 'Corrected-claim worksheet' : 'Appeal';
}

function AppealPanel({ item }: { item: WorkItem }) {
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const base = `/api/appeals/${encodeURIComponent(item.claimId)}/${item.line ?? 0}`;

  const preview = async () => {
    setBusy(true);
    setError(null);
    try {
      const res = await request(`${base}?format=md&findingId=${item.id}`, {
        headers: { accept: 'text/markdown' },
      });
      setText(await res.text());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const download = async (format: 'pdf' | 'md') => {
    setError(null);
    try {
      const res = await request(`${base}?format=${format}&findingId=${item.id}`, {
        headers: { accept: format === 'pdf' ? 'application/pdf' : 'text/markdown' },
      });
      saveBlob(await res.blob(), `appeal-${item.claimId}-line${item.line ?? 0}.${format}`);
    } catch (err) {
      setError(err);
    }
  };

  return (
    <div>
      <div className="row">
        <button type="button" className="btn" onClick={() => void preview()} disabled={busy}>
          {busy ? 'Writing…' : 'Preview the letter'}
        </button>
        <button type="button" className="btn btn-quiet" onClick={() => void download('pdf')}>
          Download PDF
        </button>
        <button type="button" className="btn btn-quiet" onClick={() => void download('md')}>
          Download Markdown
        </button>
      </div>
      <ErrorNote error={error} />
      {text !== null && (
        <pre className="letter" aria-label="Letter preview" tabIndex={0}>
          {text}
        </pre>
      )}
    </div>
  );
}

function ItemPanel({ id, onChanged, onClose }: { id: number; onChanged: () => void; onClose: () => void }) {
  const { can } = useSession();
  const [detail, setDetail] = useState<ItemDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [to, setTo] = useState<Status | ''>('');
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);

  const load = useCallback(() => {
    setError(null);
    getJson<ItemDetail>(`/api/worklist/${id}`)
      .then((d) => {
        setDetail(d);
        setTo('');
        setNote('');
      })
      .catch(setError);
  }, [id]);
  useEffect(load, [load]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!detail || !to) return;
    setSaving(true);
    setError(null);
    try {
      await sendJson(`/api/worklist/${id}/status`, 'POST', {
        status: to,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      load();
      onChanged();
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  };

  if (!detail) return <Card>{error ? <ErrorNote error={error} /> : <Spinner />}</Card>;
  const it = detail.item;
  return (
    <Card
      className="drawer"
      title={`${it.kind === 'denial' ? 'Denial' : 'Underpayment'} · claim ${it.claimId}${it.line !== null ? ` line ${it.line}` : ''}`}
      actions={
        <button
          type="button"
          className="btn btn-quiet btn-small"
          onClick={onClose}
          aria-label="Close details"
        >
          Close
        </button>
      }
    >
      <dl className="kv">
        <dt>Code</dt>
        <dd className="mono">{it.code}</dd>
        <dt>Payer</dt>
        <dd>{it.payer}</dd>
        {it.kind === 'denial' ? (
          <>
            <dt>Adjustment</dt>
            <dd>
              {it.groupCode}-{it.carc}
              {it.rarc.length > 0 ? ` · ${it.rarc.join(', ')}` : ''}
            </dd>
            <dt>Root cause</dt>
            <dd>{it.rootCauseTitle}</dd>
            <dt>Denied</dt>
            <dd>{dollarsFromCents(it.amountCents)}</dd>
          </>
        ) : (
          <>
            <dt>Paid / expected</dt>
            <dd>
              {dollarsFromCents(it.paidCents)} / {dollarsFromCents(it.expectedCents)}
            </dd>
          </>
        )}
        <dt>Recoverable</dt>
        <dd>
          {recoverableMark(it)}
          {dollarsFromCents(it.recoverableCents)}
          {it.recoverableNote ? <span className="muted"> ({it.recoverableNote})</span> : null}
        </dd>
        <dt>Deadline</dt>
        <dd>
          <DeadlineBadge item={it} />
        </dd>
        <dt>Next step</dt>
        <dd>{it.next ?? humanize(it.action)}</dd>
        {it.correctedClaim && (
          <>
            <dt>{it.correctedClaim.kind === 'void' ? 'Voided by' : 'Corrected claim'}</dt>
            <dd>
              <span className="mono">{it.correctedClaim.claimId}</span> (frequency{' '}
              {it.correctedClaim.frequencyCode}
              {it.correctedClaim.payerClaimControlNumber
                ? `, payer claim ${it.correctedClaim.payerClaimControlNumber}`
                : ''}
              ), imported {it.correctedClaim.date}
            </dd>
          </>
        )}
      </dl>
      {detail.why.length > 0 && (
        <>
          <h3>Why</h3>
          <ul className="small">
            {detail.why.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </>
      )}
      {detail.expectedSteps.length > 0 && (
        <>
          <h3>Expected payment</h3>
          <table className="table">
            <tbody>
              {detail.expectedSteps.map((s, i) => (
                <tr key={i}>
                  <td>{s.label}</td>
                  <td className="num">{dollarsFromCents(s.cents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {detail.edits.length > 0 && (
        <p className="muted small">Would have been caught before submission by: {detail.edits.join(', ')}.</p>
      )}

      <h3>Status</h3>
      <p>
        <Badge tone={STATUS_TONE[it.status]}>{it.status}</Badge>{' '}
        <span className="muted small">since {it.statusAt.slice(0, 10)}</span>
      </p>
      {can('biller') && (
        <form onSubmit={(e) => void save(e)} aria-label="Change status">
          <div className="row">
            <Field label="New status">
              {(fid) => (
                <select id={fid} value={to} onChange={(e) => setTo(e.target.value as Status)} required>
                  <option value="">choose…</option>
                  {it.allowedStatuses.map((s) => (
                    <option key={s} value={s}>
                      {s === it.status ? `${s} (add a note)` : s}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <Field label="Note">
            {(fid) => (
              <textarea
                id={fid}
                rows={2}
                value={note}
                onChange={(e) => setNote(e.target.value)}
                maxLength={2000}
              />
            )}
          </Field>
          <button type="submit" className="btn btn-primary" disabled={!to || saving}>
            {saving ? 'Saving…' : 'Save status'}
          </button>
        </form>
      )}
      <ErrorNote error={error} />
      <h3>History</h3>
      <ul className="history">
        {detail.history.map((h, i) => (
          <li key={i}>
            <strong>{h.to}</strong> <span className="muted">{h.at.slice(0, 16).replace('T', ' ')}</span>
            {h.note && <div>{h.note}</div>}
          </li>
        ))}
      </ul>
      {/* The server drafts what the action calls for: an appeal, a corrected-claim worksheet or a payment dispute. */}
      <h3>{letterTitle(it)}</h3>
      <AppealPanel item={it} />
    </Card>
  );
}

/** ≤ before an upper bound (the denied amount, no expected rate), ~ before an estimate, as the CLI prints them. */
function recoverableMark(item: { recoverableNote: string | null }): string {
  const note = item.recoverableNote;
  if (note === null) return '';
  return note.startsWith('estimate') ? '~' : note.startsWith('upper bound') ? '≤' : '';
}

export function WorklistPage() {
  const { search, navigate } = useRouter();
  const [items, setItems] = useState<WorkItem[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const kind = search.get('kind') ?? '';
  const status = search.get('status') ?? 'open';
  const cause = search.get('cause') ?? '';
  const payer = search.get('payer') ?? '';
  const selected = Number(search.get('item') ?? '') || null;

  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(search);
    if (value) next.set(key, value);
    else next.delete(key);
    next.delete('item');
    navigate(`/worklist?${next.toString()}`, { replace: true });
  };

  const load = useCallback(() => {
    const q = new URLSearchParams();
    if (kind) q.set('kind', kind);
    if (status) q.set('status', status);
    if (cause) q.set('cause', cause);
    if (payer) q.set('payer', payer);
    q.set('limit', '500');
    getJson<{ items: WorkItem[] }>(`/api/worklist?${q.toString()}`)
      .then((r) => {
        setItems(r.items);
        setError(null);
      })
      .catch(setError);
  }, [kind, status, cause, payer]);
  useEffect(load, [load]);

  const causes = useMemo(() => [...new Set((items ?? []).map((i) => i.rootCause))].sort(), [items]);
  const totals = useMemo(() => {
    const list = items ?? [];
    return {
      count: list.length,
      recoverable: list.reduce((s, i) => s + i.recoverableCents, 0),
      late: list.filter((i) => i.daysToDeadline !== null && i.daysToDeadline < 0).length,
      soon: list.filter((i) => i.daysToDeadline !== null && i.daysToDeadline >= 0 && i.daysToDeadline <= 14)
        .length,
    };
  }, [items]);

  const open = (id: number) => {
    const next = new URLSearchParams(search);
    next.set('item', String(id));
    navigate(`/worklist?${next.toString()}`, { replace: true });
  };

  return (
    <div className="page">
      <div className="page-head">
        <h1>Worklist</h1>
        <p className="muted">
          Denied and underpaid drug lines, with what is recoverable and the deadline to act.
        </p>
      </div>
      <div className="stats">
        <Stat label="items" value={totals.count} />
        <Stat label="recoverable" value={dollarsFromCents(totals.recoverable)} tone="good" />
        <Stat
          label="deadline within 14 days"
          value={totals.soon}
          tone={totals.soon > 0 ? 'warn' : undefined}
        />
        <Stat label="past the deadline" value={totals.late} tone={totals.late > 0 ? 'bad' : undefined} />
      </div>
      <Card>
        <div className="filters" role="search" aria-label="Filter the worklist">
          <Field label="Kind">
            {(id) => (
              <select id={id} value={kind} onChange={(e) => setFilter('kind', e.target.value)}>
                <option value="">denials and underpayments</option>
                <option value="denial">denials</option>
                <option value="underpayment">underpayments</option>
              </select>
            )}
          </Field>
          <Field label="Status">
            {(id) => (
              <select id={id} value={status} onChange={(e) => setFilter('status', e.target.value)}>
                <option value="open">
                  open (new, in progress, appealed, resubmitted, corrected claim sent)
                </option>
                <option value="all">all</option>
                {STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Root cause">
            {(id) => (
              <select id={id} value={cause} onChange={(e) => setFilter('cause', e.target.value)}>
                <option value="">any</option>
                {[...new Set([...causes, cause].filter(Boolean))].map((c) => (
                  <option key={c} value={c}>
                    {humanize(c)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Payer">
            {(id) => (
              <input
                id={id}
                defaultValue={payer}
                placeholder="name or id"
                onKeyDown={(e) => e.key === 'Enter' && setFilter('payer', e.currentTarget.value)}
                onBlur={(e) => e.currentTarget.value !== payer && setFilter('payer', e.currentTarget.value)}
              />
            )}
          </Field>
        </div>
      </Card>
      <ErrorNote error={error} />
      <div
        className={selected ? 'split split-right' : ''}
        style={selected ? { gridTemplateColumns: 'minmax(0, 1fr) minmax(340px, 430px)' } : undefined}
      >
        <Card title={items ? plural(items.length, 'item') : 'Loading'}>
          {!items ? (
            <Spinner />
          ) : items.length === 0 ? (
            <Empty>Nothing here. Import claims and remittances (835) to fill the worklist.</Empty>
          ) : (
            <DataTable
              columns={[
                'Claim',
                'Code',
                'Payer',
                'Why',
                num('Recoverable'),
                num('Age'),
                'Deadline',
                'Status',
              ]}
              wrap
            >
              {items.map((i) => (
                <tr key={i.id} className={i.id === selected ? 'selected' : ''}>
                  <td>
                    <button
                      type="button"
                      className="btn btn-quiet btn-small"
                      onClick={() => open(i.id)}
                      aria-label={`Open claim ${i.claimId} line ${i.line ?? ''}`}
                    >
                      {i.claimId}
                      {i.line !== null ? ` · ${i.line}` : ''}
                    </button>
                  </td>
                  <td className="mono">{i.code}</td>
                  <td>{i.payer}</td>
                  <td>
                    {i.kind === 'denial' ? (
                      <>
                        <Badge tone="bad">
                          {i.groupCode}-{i.carc}
                        </Badge>{' '}
                        {i.rootCauseTitle}
                      </>
                    ) : (
                      <>
                        <Badge tone="warn">underpaid</Badge> by{' '}
                        {dollarsFromCents((i.expectedCents ?? 0) - i.paidCents)}
                      </>
                    )}
                  </td>
                  <td className="num" title={i.recoverableNote ?? undefined}>
                    {recoverableMark(i)}
                    {dollarsFromCents(i.recoverableCents)}
                  </td>
                  <td className="num nowrap">{i.ageDays === null ? '—' : `${i.ageDays} d`}</td>
                  <td>
                    <DeadlineBadge item={i} />
                  </td>
                  <td>
                    <Badge tone={STATUS_TONE[i.status]}>{i.status}</Badge>
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </Card>
        {selected && (
          <ItemPanel
            id={selected}
            onChanged={load}
            onClose={() => {
              const next = new URLSearchParams(search);
              next.delete('item');
              navigate(`/worklist?${next.toString()}`, { replace: true });
            }}
          />
        )}
      </div>
    </div>
  );
}
