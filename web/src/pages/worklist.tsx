/**
 * The worklist: open denials and underpayments with amount, root cause, age and deadline; filters; status changes
 * with a note (kept as history); the letter for the line (appeal, corrected-claim worksheet or payment dispute),
 * previewed and downloaded (PDF or Markdown).
 */
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, getJson, request, saveBlob, sendJson } from '../api.ts';
import { RecoverableFootnote, type RecoverableQualifiers } from '../components/recoverable.tsx';
import { Markdown } from '../components/markdown.tsx';
import {
  Badge,
  Card,
  DataTable,
  Empty,
  ErrorNote,
  Field,
  num,
  Pager,
  Spinner,
  Stat,
  type Tone,
} from '../components/ui.tsx';
import { formatCents, parseCents } from '../../../src/core/money.ts';
import { WORKLIST_STATUSES, type WorklistStatus } from '../../../src/core/recovery/model.ts';
import { dollarsFromCents, humanize, localDate, localTime, plural, visible } from '../format.ts';
import { Link, useRouter } from '../router.tsx';
import { DRAFT_PREFIX, useSession } from '../session.tsx';

type Status = WorklistStatus;

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
  /** Paid on the line by later remittances. */
  recoveredCents: number;
  /** The amount a biller gave when marking the item recovered (on top of recoveredCents); null when none. */
  recoveredByHandCents: number | null;
  /** "upper bound, …" or "estimate: …" when the recoverable amount is not an expected payment; null otherwise. */
  recoverableNote: string | null;
  paidCents: number;
  /** Units billed; paidUnits: fewer units paid with no denial explaining the cut (newer servers send them). */
  units?: number | null;
  paidUnits?: number | null;
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
  /** `by`: who changed it by hand (newer servers send it). */
  history: { from: string | null; to: string; at: string; note?: string; by?: string }[];
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
  // Keyed by the item id: the claim id (patient account number) is PHI and must stay out of URLs, which proxies log.
  const base = `/api/worklist/${item.id}/appeal`;

  const preview = async () => {
    setBusy(true);
    setError(null);
    try {
      const res = await request(`${base}?format=md`, {
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
      const res = await request(`${base}?format=${format}`, {
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
        <article className="letter" aria-label="Letter preview" tabIndex={0}>
          <Markdown text={text} />
        </article>
      )}
    </div>
  );
}

/** Cents as the amount field shows them: "6317.10". */
const centsText = formatCents;

/**
 * The amount field's text as cents ("$1,234.5" too); undefined when it is no amount in dollars and cents. A comma
 * only between thousands: "3,36" (a decimal comma, or a typo) is refused, never read as $336.00.
 */
function centsFrom(text: string): number | undefined {
  // More than two decimals is a typo, not an amount to round.
  return /\.\d{3,}/.test(text) ? undefined : parseCents(text);
}

/**
 * A note typed for an item is kept in this tab until it is saved, so a reload or a sign-in does not lose it
 * (signing out forgets every `drugclaim.draft.` entry).
 */
const draftKey = (id: number) => `${DRAFT_PREFIX}worklist-note.${id}`;

function ItemPanel({ id, onChanged, onClose }: { id: number; onChanged: () => void; onClose: () => void }) {
  const { can, asOf, epoch } = useSession();
  const [detail, setDetail] = useState<ItemDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [to, setTo] = useState<Status | ''>('');
  const [note, setNote] = useState(() => sessionStorage.getItem(draftKey(id)) ?? '');
  /** The amount recovered, as typed (dollars), when the new status is "recovered". */
  const [amount, setAmount] = useState('');
  /**
   * Ticked when the amount is above what is left to recover and the payer really paid that much (interest on a late
   * payment, an overpayment): only then is `overpayment: true` sent, else the server refuses it as a likely typo.
   */
  const [overpayment, setOverpayment] = useState(false);
  const [saving, setSaving] = useState(false);

  // Another item: its own draft (or none).
  useEffect(() => {
    setNote(sessionStorage.getItem(draftKey(id)) ?? '');
    setTo('');
    setAmount('');
    setOverpayment(false);
  }, [id]);

  const load = useCallback(() => {
    setError(null);
    getJson<ItemDetail>(`/api/worklist/${id}?asOf=${asOf}`).then(setDetail).catch(setError);
  }, [id, asOf, epoch]);
  useEffect(load, [load]);

  // Escape closes the panel, as it would a dialog; not when a menu or another dialog (the sign-in) took it first.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      if (document.querySelector('[role=alertdialog], [role=dialog]')) return;
      onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const changeNote = (text: string) => {
    setNote(text);
    if (text) sessionStorage.setItem(draftKey(id), text);
    else sessionStorage.removeItem(draftKey(id));
  };

  /** The amount field starts at what the item holds: its amount by hand, else all that is left to recover. */
  const amountPrefill = (item: WorkItem) =>
    centsText(
      item.status === 'recovered'
        ? (item.recoveredByHandCents ?? item.recoverableCents)
        : item.recoverableCents,
    );

  const chooseStatus = (next: Status | '') => {
    setTo(next);
    setOverpayment(false);
    if (next === 'recovered' && detail) setAmount(amountPrefill(detail.item));
  };

  /**
   * The typed amount in cents when it is above what is left to recover (the confirmation is then shown); not for the
   * amount an item already recovered holds, which a note keeps unchanged.
   */
  const aboveRecoverable = (item: WorkItem): number | undefined => {
    if (to !== 'recovered') return undefined;
    if (item.status === 'recovered' && amount === amountPrefill(item)) return undefined;
    const cents = centsFrom(amount);
    return cents !== undefined && cents > item.recoverableCents ? cents : undefined;
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!detail || !to) return;
    let recoveredCents: number | undefined;
    if (to === 'recovered') {
      recoveredCents = centsFrom(amount);
      if (recoveredCents === undefined) {
        setError(
          new Error(
            `The amount recovered must be dollars and cents, like 1234.56 or 1,234.56, with a comma only between thousands (got “${amount}”).`,
          ),
        );
        return;
      }
      // A note on an item already recovered keeps its amount unless it was changed.
      if (detail.item.status === 'recovered' && amount === amountPrefill(detail.item))
        recoveredCents = undefined;
    }
    const above = recoveredCents !== undefined && recoveredCents > detail.item.recoverableCents;
    if (above && !overpayment) {
      setError(
        new Error(
          `${dollarsFromCents(recoveredCents ?? 0)} is more than the item's recoverable amount (${dollarsFromCents(detail.item.recoverableCents)}). If the payer really paid that much (interest or an overpayment), tick “The payer paid more than was left to recover”; otherwise correct the amount.`,
        ),
      );
      return;
    }
    setSaving(true);
    setError(null);
    try {
      await sendJson(`/api/worklist/${id}/status`, 'POST', {
        status: to,
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(recoveredCents !== undefined ? { recoveredCents } : {}),
        ...(above && overpayment ? { overpayment: true } : {}),
      });
      sessionStorage.removeItem(draftKey(id));
      setNote('');
      setTo('');
      setAmount('');
      setOverpayment(false);
      load();
      onChanged();
    } catch (err) {
      setError(err);
      // Changed meanwhile (another tab, another biller): show its real status and what it may go to now.
      if (err instanceof ApiError && err.status === 409) {
        setTo('');
        getJson<ItemDetail>(`/api/worklist/${id}?asOf=${asOf}`)
          .then((fresh) => {
            setDetail(fresh);
            if (fresh.item.status !== detail.item.status) {
              setError(
                new Error(
                  `Not saved: someone changed this item to “${fresh.item.status}” meanwhile (${(err as ApiError).message}). Its status is shown again below; choose the next one from there.`,
                ),
              );
              onChanged();
            }
          })
          .catch(() => undefined);
      }
    } finally {
      setSaving(false);
    }
  };

  if (!detail) return <Card>{error ? <ErrorNote error={error} /> : <Spinner />}</Card>;
  const it = detail.item;
  const above = aboveRecoverable(it);
  return (
    <Card
      className="drawer"
      title={`${it.kind === 'denial' ? 'Denial' : 'Underpayment'} · claim ${visible(it.claimId)}${it.line !== null ? ` line ${it.line}` : ''}`}
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
        <dd>{visible(it.payer)}</dd>
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
            {it.paidUnits != null && it.units != null && (
              <>
                <dt>Units billed / paid</dt>
                <dd>
                  {it.units} / {it.paidUnits}{' '}
                  <span className="muted">(expected payment on the units billed)</span>
                </dd>
              </>
            )}
          </>
        )}
        <dt>Recoverable</dt>
        <dd>
          {recoverableMark(it)}
          {dollarsFromCents(it.recoverableCents)}
          {it.recoverableNote ? <span className="muted"> ({it.recoverableNote})</span> : null}
        </dd>
        {(it.recoveredCents > 0 || it.recoveredByHandCents !== null) && (
          <>
            <dt>Recovered</dt>
            <dd>
              {dollarsFromCents(it.recoveredCents + (it.recoveredByHandCents ?? 0))}
              {it.recoveredByHandCents !== null ? (
                <span className="muted">
                  {' '}
                  (entered by hand
                  {it.recoveredCents > 0
                    ? `, and ${dollarsFromCents(it.recoveredCents)} paid by later remittances`
                    : ''}
                  )
                </span>
              ) : (
                <span className="muted"> (paid by later remittances)</span>
              )}
            </dd>
          </>
        )}
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
              <span className="mono">{visible(it.correctedClaim.claimId)}</span> (frequency{' '}
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
        <span className="muted small">since {localDate(it.statusAt)}</span>
      </p>
      {can('biller') && (
        <form onSubmit={(e) => void save(e)} aria-label="Change status">
          <div className="row">
            <Field label="New status">
              {(fid) => (
                <select
                  id={fid}
                  value={to}
                  onChange={(e) => chooseStatus(e.target.value as Status | '')}
                  required
                >
                  <option value="">choose…</option>
                  {it.allowedStatuses.map((s) => (
                    <option key={s} value={s}>
                      {s === it.status ? `keep “${s}”, add a note` : s}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          {to === 'recovered' && (
            <Field
              label="Amount recovered ($)"
              hint={
                it.recoveredCents > 0
                  ? `What came in beyond the ${dollarsFromCents(it.recoveredCents)} later remittances already paid: usually up to the ${dollarsFromCents(it.recoverableCents)} left to recover; more (interest or an overpayment) only when you confirm it.`
                  : `What came in: usually up to the recoverable ${dollarsFromCents(it.recoverableCents)}, less if the payer paid less; more (interest or an overpayment) only when you confirm it.`
              }
            >
              {(fid) => (
                <input
                  id={fid}
                  inputMode="decimal"
                  value={amount}
                  onChange={(e) => setAmount(e.target.value)}
                  required
                />
              )}
            </Field>
          )}
          {above !== undefined && (
            <div className="note note-warn overpayment" role="status">
              <p className="small">
                {dollarsFromCents(above)} is {dollarsFromCents(above - it.recoverableCents)} more than the{' '}
                {dollarsFromCents(it.recoverableCents)} left to recover. Record it only if the payer really
                paid that much; the history will say by how much.
              </p>
              <label className="fix">
                <input
                  type="checkbox"
                  checked={overpayment}
                  onChange={(e) => setOverpayment(e.target.checked)}
                />
                The payer paid more than was left to recover (interest or overpayment)
              </label>
            </div>
          )}
          <Field label="Note">
            {(fid) => (
              <textarea
                id={fid}
                rows={2}
                value={note}
                onChange={(e) => changeNote(e.target.value)}
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
            <strong>{h.to}</strong> <span className="muted">{localTime(h.at)}</span>
            {h.by && <span className="muted"> · {h.by}</span>}
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

/** Open statuses: their recoverable dollars and deadlines count in the totals (as `drugclaim worklist`). */
const OPEN: ReadonlySet<Status> = new Set<Status>([
  'new',
  'in-progress',
  'appealed',
  'resubmitted',
  'corrected-claim-sent',
]);

const PAGE_SIZES = [25, 50, 100, 250];

/** The sortable columns, with the server's sort key for each (GET /api/worklist `sort`). */
type SortKey = 'claim' | 'code' | 'payer' | 'why' | 'recoverable' | 'age' | 'deadline' | 'status';
const SERVER_SORT: Readonly<Record<SortKey, string>> = {
  claim: 'claim',
  code: 'code',
  payer: 'payer',
  why: 'cause',
  recoverable: 'recoverable',
  age: 'age',
  deadline: 'deadline',
  status: 'status',
};
const SORT_KEYS = Object.keys(SERVER_SORT) as SortKey[];

interface Listing {
  /** One page, sorted by the server. */
  items: WorkItem[];
  /** How many items the filters match on the server (every page). */
  total: number;
  offset: number;
  /** Totals of every item the filters match, open items only (as `drugclaim worklist`). */
  totals: {
    openItems: number;
    recoverableCents: number;
    dueSoon: number;
    pastDeadline: number;
  } & Partial<RecoverableQualifiers>;
  /** Every root cause of a denial in the store, whatever the filters and the page: the cause filter's choices. */
  causes?: { key: string; label: string; items: number }[];
}

/** How long typing in the payer filter pauses before it applies. */
const PAYER_DELAY_MS = 400;

export function WorklistPage() {
  const { search, navigate } = useRouter();
  const { asOf, epoch } = useSession();
  const [listing, setListing] = useState<Listing | null>(null);
  const [error, setError] = useState<unknown>(null);
  // Every root cause in the store (the server's list), kept while another page loads so the filter does not flicker.
  const [causes, setCauses] = useState<readonly { key: string; label: string }[]>([]);
  const kind = search.get('kind') ?? '';
  const status = search.get('status') ?? 'open';
  const cause = search.get('cause') ?? '';
  const payer = search.get('payer') ?? '';
  const selected = Number(search.get('item') ?? '') || null;
  const sortParam = search.get('sort');
  const sortKey = SORT_KEYS.includes(sortParam as SortKey) ? (sortParam as SortKey) : null;
  const sortDir = search.get('dir') === 'desc' ? 'desc' : 'asc';
  const sizeParam = Number(search.get('size'));
  const pageSize = PAGE_SIZES.includes(sizeParam) ? sizeParam : 50;
  const page = Math.max(0, (Number(search.get('page')) || 1) - 1);

  /** A new URL for the worklist: each change is a history entry, so Back undoes it (a filter, an opened item). */
  const go = (changes: Record<string, string | null>, options: { keepPage?: boolean } = {}) => {
    const next = new URLSearchParams(search);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!options.keepPage && !('page' in changes)) next.delete('page');
    navigate(`/worklist?${next.toString()}`);
  };
  const setFilter = (key: string, value: string) => go({ [key]: value, item: null });

  // The payer filter applies once typing pauses, not only on Enter. The field follows the URL (Back, Clear filters)
  // unless it already says the same: a trailing space being typed is kept.
  const [payerText, setPayerText] = useState(payer);
  useEffect(() => setPayerText((typed) => (typed.trim() === payer ? typed : payer)), [payer]);
  const applyPayer = useRef(setFilter);
  applyPayer.current = setFilter;
  useEffect(() => {
    const typed = payerText.trim();
    if (typed === payer) return;
    const timer = setTimeout(() => applyPayer.current('payer', typed), PAYER_DELAY_MS);
    return () => clearTimeout(timer);
  }, [payerText, payer]);

  // Only the answer to the latest request is shown (pages clicked quickly may come back out of order).
  const latest = useRef(0);
  const load = useCallback(() => {
    const mine = ++latest.current;
    const q = new URLSearchParams();
    if (kind) q.set('kind', kind);
    if (status) q.set('status', status);
    if (cause) q.set('cause', cause);
    if (payer) q.set('payer', payer);
    q.set('asOf', asOf);
    if (sortKey) q.set('sort', `${sortDir === 'desc' ? '-' : ''}${SERVER_SORT[sortKey]}`);
    q.set('limit', String(pageSize));
    const fetchPage = async (offset: number): Promise<Listing> => {
      q.set('offset', String(offset));
      const r = await getJson<Listing>(`/api/worklist?${q.toString()}`);
      // A page past the end (the list got shorter, an old link): show the last one.
      if (r.items.length === 0 && r.total > 0 && offset > 0)
        return fetchPage(Math.floor((r.total - 1) / pageSize) * pageSize);
      return r;
    };
    fetchPage(page * pageSize)
      .then((r) => {
        if (mine !== latest.current) return;
        setListing(r);
        setError(null);
        if (r.causes) setCauses(r.causes);
      })
      .catch((err: unknown) => {
        if (mine === latest.current) setError(err);
      });
  }, [kind, status, cause, payer, asOf, sortKey, sortDir, pageSize, page, epoch]);
  useEffect(load, [load]);

  const items = listing?.items ?? null;
  const total = listing?.total ?? 0;
  const shownPage = listing ? Math.floor(listing.offset / pageSize) : page;
  // The server's totals of every matching item: the count of all; dollars and deadlines of open items only.
  const totals = listing?.totals ?? { openItems: 0, recoverableCents: 0, dueSoon: 0, pastDeadline: 0 };
  const onlyOpenListed = status === 'open' || status.split(',').every((s) => OPEN.has(s as Status));
  const filtered = kind !== '' || cause !== '' || payer !== '' || status !== 'open';

  const onSort = (key: string) => {
    const same = sortKey === key;
    go({ sort: key, dir: same && sortDir === 'asc' ? 'desc' : 'asc' });
  };

  const causeTitles = new Map(causes.map((c) => [c.key, c.label]));
  const causeOptions = [...new Set([...causeTitles.keys(), ...(cause ? [cause] : [])])].sort((a, b) =>
    (causeTitles.get(a) ?? a).localeCompare(causeTitles.get(b) ?? b),
  );

  return (
    <div className="page">
      <div className="page-head">
        <h1>Worklist</h1>
        <p className="muted">
          Denied and underpaid drug lines, with what is recoverable and the deadline to act. Ages and
          deadlines are counted to {asOf} (the as-of date at the top).
        </p>
      </div>
      <div className="stats" aria-label="Worklist totals">
        <Stat
          label={
            onlyOpenListed
              ? plural(total, 'item').replace(/^[\d,]+ /, '')
              : `${plural(total, 'item').replace(/^[\d,]+ /, '')} listed (${totals.openItems.toLocaleString('en-US')} open)`
          }
          value={listing ? total.toLocaleString('en-US') : '…'}
        />
        <Stat
          label={onlyOpenListed ? 'recoverable' : 'recoverable (open items only)'}
          value={dollarsFromCents(totals.recoverableCents)}
          tone="good"
        />
        <Stat
          label={onlyOpenListed ? 'deadline within 14 days' : 'open, deadline within 14 days'}
          value={totals.dueSoon}
          tone={totals.dueSoon > 0 ? 'warn' : undefined}
        />
        <Stat
          label={onlyOpenListed ? 'past the deadline' : 'open, past the deadline'}
          value={totals.pastDeadline}
          tone={totals.pastDeadline > 0 ? 'bad' : undefined}
        />
      </div>
      <RecoverableFootnote totals={totals} />
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
              <select
                id={id}
                value={status}
                onChange={(e) => setFilter('status', e.target.value === 'open' ? '' : e.target.value)}
                title="open: new, in progress, appealed, resubmitted, corrected claim sent"
              >
                <option value="open">open (not yet settled)</option>
                <option value="all">all, closed ones too</option>
                {WORKLIST_STATUSES.map((s) => (
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
                {causeOptions.map((c) => (
                  <option key={c} value={c}>
                    {causeTitles.get(c) ?? humanize(c)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Payer">
            {(id) => (
              <input
                id={id}
                value={payerText}
                placeholder="name or id"
                onChange={(e) => setPayerText(e.target.value)}
                onKeyDown={(e) =>
                  e.key === 'Enter' && payerText.trim() !== payer && setFilter('payer', payerText.trim())
                }
              />
            )}
          </Field>
          {filtered && (
            <button
              type="button"
              className="btn btn-quiet"
              onClick={() => go({ kind: null, status: null, cause: null, payer: null, item: null })}
            >
              Clear filters
            </button>
          )}
        </div>
      </Card>
      <ErrorNote error={error} />
      <div className={selected ? 'split split-right' : ''}>
        <Card title={items ? plural(total, 'item') : 'Loading'}>
          {!items ? (
            error ? null : (
              <Spinner />
            )
          ) : total === 0 ? (
            filtered ? (
              <Empty>
                No items match these filters.{' '}
                <button
                  type="button"
                  className="btn btn-quiet btn-small"
                  onClick={() => go({ kind: null, status: null, cause: null, payer: null, item: null })}
                >
                  Clear filters
                </button>
              </Empty>
            ) : (
              <Empty>
                No open denials or underpayments. <Link to="/import">Import claims and 835 remittances</Link>{' '}
                to fill the worklist, or choose Status “all” to see the settled ones.
              </Empty>
            )
          ) : (
            <>
              <DataTable
                columns={[
                  { label: 'Claim', sortKey: 'claim' },
                  { label: 'Code', sortKey: 'code' },
                  { label: 'Payer', sortKey: 'payer' },
                  { label: 'Why', sortKey: 'why' },
                  num('Recoverable', 'recoverable'),
                  num('Age', 'age'),
                  { label: 'Deadline', sortKey: 'deadline' },
                  { label: 'Status', sortKey: 'status' },
                ]}
                sort={{ key: sortKey ?? '', dir: sortDir, onSort }}
                caption="Worklist items; column headings sort"
              >
                {items.map((i) => (
                  <tr key={i.id} className={i.id === selected ? 'selected' : ''}>
                    <td>
                      <button
                        type="button"
                        className="btn btn-quiet btn-small"
                        onClick={() => go({ item: String(i.id) }, { keepPage: true })}
                        aria-label={`Open claim ${visible(i.claimId)} line ${i.line ?? ''}`}
                      >
                        {visible(i.claimId)}
                        {i.line !== null ? ` · ${i.line}` : ''}
                      </button>
                    </td>
                    <td className="mono">{i.code}</td>
                    <td>{visible(i.payer)}</td>
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
                    <td className="num nowrap">
                      {i.ageDays === null ? (
                        '—'
                      ) : i.ageDays < 0 ? (
                        <span className="muted" title={`Remitted after ${asOf}, the as-of date`}>
                          later
                        </span>
                      ) : (
                        `${i.ageDays} d`
                      )}
                    </td>
                    <td>
                      <DeadlineBadge item={i} />
                    </td>
                    <td>
                      <Badge tone={STATUS_TONE[i.status]}>{i.status}</Badge>
                    </td>
                  </tr>
                ))}
              </DataTable>
              {total > PAGE_SIZES[0]! && (
                <Pager
                  label="Worklist pages"
                  page={shownPage}
                  pageSize={pageSize}
                  total={total}
                  onPage={(p) => go({ page: p > 0 ? String(p + 1) : null }, { keepPage: true })}
                  onPageSize={(n) => go({ size: n === 50 ? null : String(n) })}
                />
              )}
            </>
          )}
        </Card>
        {selected && (
          <ItemPanel
            key={selected}
            id={selected}
            onChanged={load}
            onClose={() => go({ item: null }, { keepPage: true })}
          />
        )}
      </div>
    </div>
  );
}
