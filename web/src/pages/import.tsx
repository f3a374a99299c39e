/**
 * Import: submitted claims (837P/837I, FHIR Claim, JSON, CSV) and payer remittances (835, FHIR
 * ExplanationOfBenefit) into the recovery store, which then matches them and fills the worklist; and what is left
 * unmatched (remittances without a claim, claims no remittance has answered yet).
 */
import { useCallback, useEffect, useState } from 'react';
import type { ReconcileSummary, UnmatchedReport } from '../../../src/adapters/store/recovery/store.ts';
import { formatPosition, type SourcePosition } from '../../../src/core/problem.ts';
import { ApiError, getJson, upload, type ApiProblem } from '../api.ts';
import { ProblemList } from '../components/problems.tsx';
import {
  Badge,
  Card,
  DataTable,
  Empty,
  ErrorNote,
  FileDrop,
  num,
  Pager,
  Spinner,
  Stat,
} from '../components/ui.tsx';
import { dollarsFromCents, plural, visible } from '../format.ts';
import { Link } from '../router.tsx';
import { useSession } from '../session.tsx';

type Kind = 'claims' | 'remittances';

interface ImportRow {
  file: string;
  status: 'imported' | 'already-imported' | 'rejected';
  format?: string;
  items?: number;
  added?: number;
  lines?: number;
  problems?: number;
  /** The problems met reading the file, errors first, at most 200; `problemsOmitted` counts the others. */
  readProblems?: ApiProblem[];
  problemsOmitted?: number;
  notStored?: { id?: string; at?: SourcePosition; problems: ApiProblem[] }[];
  errors?: string[];
  /** Why the file was refused, besides its read problems. */
  reasons?: string[];
}

/** The matching summary an import answers with (the store's `ReconcileSummary`). */
type Reconcile = ReconcileSummary;

interface ImportAnswer {
  files: ImportRow[];
  reconcile: Reconcile | null;
}

interface Outcome {
  name: string;
  kind: Kind;
  /** The kind was detected from the content, not chosen in "The files are". */
  detected: boolean;
  /** The file's size in bytes (a 413 names it). */
  size: number;
  answer?: ImportAnswer;
  error?: unknown;
}

/** `GET /api/claims/unmatched`: the store's report as JSON. */
type Unmatched = UnmatchedReport;

/** Claims or remittances, from the first bytes: an X12 ST*835 or a FHIR ExplanationOfBenefit is a remittance. */
async function detectKind(file: File): Promise<Kind> {
  const head = await file.slice(0, 8192).text();
  if (/ST\s*\*\s*835/.test(head) || /"resourceType"\s*:\s*"ExplanationOfBenefit"/.test(head))
    return 'remittances';
  if (/\.835$/i.test(file.name)) return 'remittances';
  return 'claims';
}

const STATUS_TONE = { imported: 'good', 'already-imported': 'neutral', rejected: 'bad' } as const;

/** The options of "The files are", as the page names them to say which one to choose. */
const KIND_OPTION: Record<Kind, string> = { claims: 'submitted claims', remittances: 'remittances' };

/**
 * A rejected file's problem in the page's words, with its position in the file (line, segment, loop): the API's
 * `import.wrong-kind` names the other endpoint, which means nothing here, so the page names its own choice instead.
 */
function problemText(p: ApiProblem, outcome: Outcome): string {
  if (p.code === 'import.wrong-kind') {
    const other: Kind = outcome.kind === 'claims' ? 'remittances' : 'claims';
    const how = outcome.detected
      ? `choose “${KIND_OPTION[other]}” under “The files are” above`
      : `choose “${KIND_OPTION[other]}” (or “detected from their content”) under “The files are” above`;
    return `${outcome.name} holds ${KIND_OPTION[other]}, not ${KIND_OPTION[outcome.kind]}: ${how}, then import it again.`;
  }
  // The API sends the whole position; the file is named in the header already.
  const where = formatPosition(inThisFile(p.at ?? {}));
  return where ? `${where}: ${p.message}` : p.message;
}

/** A position without its file: the header names the file already. */
function inThisFile(at: SourcePosition): SourcePosition {
  const { file: _file, ...rest } = at;
  return rest;
}

function problemInThisFile(p: ApiProblem): ApiProblem {
  return p.at === undefined ? p : { ...p, at: inThisFile(p.at) };
}

/** Where the import says the list of a file's problems stops: Claim check reads claims, not remittances. */
function problemsHint(kind: Kind): string {
  return kind === 'claims'
    ? 'Claim check lists every one.'
    : 'Mend those listed and import the file again to see the others.';
}

/** A claim read with errors inside it, not stored: its id and where it starts (its errors are in the problem list). */
function notStoredText(n: NonNullable<ImportRow['notStored']>[number]): string {
  const where = formatPosition(inThisFile(n.at ?? {}));
  return `${n.id !== undefined ? `Claim ${n.id}` : 'A claim'}${where ? ` at ${where}` : ''}: not stored, ${plural(n.problems.length, 'error')} inside it.`;
}

/** A 413 on Import: the API's text points to `drugclaim check`, but this file is to be imported. */
function tooLargeText(outcome: Outcome): string {
  const mb = (outcome.size / 1_000_000).toLocaleString('en-US', { maximumFractionDigits: 1 });
  const command = outcome.kind === 'claims' ? 'drugclaim claims import' : 'drugclaim remit import';
  return `${outcome.name} (${mb} MB) is larger than this server accepts in one upload. Import it with the CLI on the server's store (${command} ${outcome.name}), or have the operator raise the limit (drugclaim serve --upload-limit <MiB>).`;
}

function OutcomeView({ outcome }: { outcome: Outcome }) {
  const { answer, error } = outcome;
  const what = outcome.kind === 'claims' ? 'claims' : 'remittance';
  if (error) {
    const problems = error instanceof ApiError ? error.problems : [];
    const tooLarge = error instanceof ApiError && error.status === 413 && error.code === 'payload-too-large';
    return (
      <div className="claim-group">
        <header>
          <strong>{outcome.name}</strong> <Badge tone="bad">not imported</Badge>
          <span className="muted small">as {what}</span>
        </header>
        <div className="finding-body">
          {tooLarge ? (
            <ErrorNote error={new Error(tooLargeText(outcome))} />
          ) : problems.some((p) => p.code === 'import.wrong-kind') ? (
            <ul className="small">
              {problems.slice(0, 20).map((p, i) => (
                <li key={i}>{problemText(p, outcome)}</li>
              ))}
            </ul>
          ) : problems.length > 0 ? (
            // The read problems, warnings too; the API's note of those it did not list is said as a count.
            <ProblemList
              problems={problems.filter((p) => p.code !== 'import.problems-omitted').map(problemInThisFile)}
              omitted={problems.reduce(
                (n, p) => n + (p.code === 'import.problems-omitted' ? Number(p.data?.['omitted'] ?? 0) : 0),
                0,
              )}
              hint={problemsHint(outcome.kind)}
              open
            />
          ) : (
            <ErrorNote error={error} />
          )}
        </div>
      </div>
    );
  }
  if (!answer) return null;
  const r = answer.reconcile;
  return (
    <>
      {answer.files.map((f, i) => (
        <div className="claim-group" key={i}>
          <header>
            <strong>{f.file}</strong> <Badge tone={STATUS_TONE[f.status]}>{f.status.replace('-', ' ')}</Badge>
            <span className="muted small">
              as {what}
              {f.format ? ` · ${f.format}` : ''}
            </span>
          </header>
          <div className="finding-body small">
            {f.status === 'already-imported' ? (
              <p>These exact bytes were imported before: nothing added.</p>
            ) : f.status === 'imported' ? (
              <p>
                {plural(f.items ?? 0, outcome.kind === 'claims' ? 'claim' : 'remittance claim')} read,{' '}
                {(f.added ?? 0).toLocaleString('en-US')} new, {plural(f.lines ?? 0, 'service line')}.
                {(f.notStored?.length ?? 0) > 0 &&
                  ` ${plural(f.notStored?.length ?? 0, 'claim')} with errors inside not stored.`}
              </p>
            ) : null}
            {/* The read problems are listed below with their positions: here only what else the import says (why a
                file was refused, which claims were not stored). */}
            {((f.reasons?.length ?? 0) > 0 || (f.notStored?.length ?? 0) > 0) && (
              <ul>
                {f.reasons?.slice(0, 20).map((e, j) => (
                  <li key={`e${j}`}>{e}</li>
                ))}
                {f.notStored?.slice(0, 20).map((n, j) => (
                  <li key={`n${j}`}>{notStoredText(n)}</li>
                ))}
              </ul>
            )}
            <ProblemList
              problems={(f.readProblems ?? []).map(problemInThisFile)}
              omitted={f.problemsOmitted ?? 0}
              hint={problemsHint(outcome.kind)}
            />
          </div>
        </div>
      ))}
      {/* Nothing was there to match (a claim file and no remittance waiting): no "Matched 0 of 0". */}
      {r && (r.remitClaimsAnalyzed > 0 || r.findingsAdded > 0 || r.findingsRecovered > 0) && (
        <p className="note note-info small">
          Matched {r.matched.toLocaleString('en-US')} of {plural(r.remitClaimsAnalyzed, 'remittance claim')}{' '}
          to submitted claims ({r.unmatched.toLocaleString('en-US')} unmatched
          {r.ambiguous ? `, ${r.ambiguous.toLocaleString('en-US')} ambiguous` : ''}):{' '}
          {plural(r.findingsAdded, 'new worklist item')} ({plural(r.denials, 'denial')},{' '}
          {plural(r.underpayments, 'underpayment')})
          {r.findingsRecovered ? `, ${r.findingsRecovered.toLocaleString('en-US')} settled as recovered` : ''}
          {r.packagedLines ? `, ${plural(r.packagedLines, 'packaged line')} (not worked)` : ''}.
        </p>
      )}
    </>
  );
}

const PAGE = 50;

function UnmatchedCard({ refresh }: { refresh: number }) {
  const { epoch } = useSession();
  const [data, setData] = useState<Unmatched | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [page, setPage] = useState(0);

  useEffect(() => {
    getJson<Unmatched>(`/api/claims/unmatched?limit=${PAGE}&offset=${page * PAGE}`)
      .then((d) => {
        setData(d);
        setError(null);
      })
      .catch(setError);
  }, [page, refresh, epoch]);

  if (error) return <ErrorNote error={error} />;
  if (!data) return <Spinner />;
  const t = data.totals;
  const longest = Math.max(t.remitClaims, t.remitLines, t.claimsWithoutRemittance);
  return (
    <Card title="Not matched">
      <div className="stats">
        <Stat label="remittance claims without a submitted claim" value={t.remitClaims} />
        <Stat label="remittance lines without a claim line" value={t.remitLines} />
        <Stat label="claims no remittance has answered yet" value={t.claimsWithoutRemittance} />
      </div>
      {longest === 0 ? (
        <Empty>Everything imported is matched.</Empty>
      ) : (
        <>
          {data.remitClaims.length > 0 && (
            <>
              <h3>Remittance claims without a submitted claim</h3>
              <p className="muted small">
                Import the claim file they answer; the remittance is matched again then.
              </p>
              <DataTable
                columns={['Patient account', 'Payer claim number', 'Why', num('Charged'), num('Paid')]}
              >
                {data.remitClaims.map((r) => (
                  <tr key={r.id}>
                    <td className="mono">{r.patientControlNumber}</td>
                    <td className="mono">{r.payerClaimControlNumber ?? '—'}</td>
                    <td>{r.reason.replace(/-/g, ' ')}</td>
                    <td className="num">{dollarsFromCents(r.chargeCents)}</td>
                    <td className="num">{dollarsFromCents(r.paidCents)}</td>
                  </tr>
                ))}
              </DataTable>
            </>
          )}
          {data.remitLines.length > 0 && (
            <>
              <h3>Remittance lines without a claim line</h3>
              <DataTable columns={['Patient account', num('Line'), 'Code', num('Charged'), num('Paid')]}>
                {data.remitLines.map((r) => (
                  <tr key={`${r.remitClaimId}-${r.svcIndex}`}>
                    <td className="mono">{r.patientControlNumber}</td>
                    <td className="num">{r.svcIndex + 1}</td>
                    <td className="mono">{r.code}</td>
                    <td className="num">{dollarsFromCents(r.chargeCents)}</td>
                    <td className="num">{dollarsFromCents(r.paidCents)}</td>
                  </tr>
                ))}
              </DataTable>
            </>
          )}
          {data.claimsWithoutRemittance.length > 0 && (
            <>
              <h3>Claims no remittance has answered yet</h3>
              <DataTable columns={['Claim', 'Service from', num('Charged')]}>
                {data.claimsWithoutRemittance.map((c) => (
                  <tr key={c.id}>
                    <td className="mono">{visible(c.claimId)}</td>
                    <td>{c.serviceFrom ?? '—'}</td>
                    <td className="num">{dollarsFromCents(c.totalChargeCents)}</td>
                  </tr>
                ))}
              </DataTable>
            </>
          )}
          {longest > PAGE && (
            <Pager label="Unmatched pages" page={page} pageSize={PAGE} total={longest} onPage={setPage} />
          )}
        </>
      )}
    </Card>
  );
}

export function ImportPage() {
  const { can, user } = useSession();
  const [choice, setChoice] = useState<'detect' | Kind>('detect');
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const [progress, setProgress] = useState(0);
  const [refresh, setRefresh] = useState(0);
  // While the session is being renewed over the page (no user), the role is not known: it is no refusal.
  const biller = can('biller') || user === null;

  const run = useCallback(
    async (files: File[]) => {
      const done: Outcome[] = [];
      for (const f of files) {
        const kind = choice === 'detect' ? await detectKind(f) : choice;
        const about = { name: f.name, kind, detected: choice === 'detect', size: f.size };
        if (f.size === 0) {
          done.push({
            ...about,
            error: new Error(`${f.name} is empty: there is nothing to import.`),
          });
          continue;
        }
        setBusy(f.name);
        setProgress(0);
        try {
          const res = await upload(`/api/${kind === 'claims' ? 'claims' : 'remits'}/import`, f, {
            onProgress: setProgress,
            fileName: f.name,
          });
          done.push({ ...about, answer: JSON.parse(res.text) as ImportAnswer });
        } catch (err) {
          done.push({ ...about, error: err });
        }
      }
      setBusy(null);
      setOutcomes((o) => [...done, ...o]);
      setRefresh((n) => n + 1);
    },
    [choice],
  );

  return (
    <div className="page">
      <div className="page-head">
        <h1>Import</h1>
        <p className="muted">
          Submitted claims and the payers&apos; remittances (835). Once both are in, every remittance is
          matched to its claim and each denial or underpayment goes to the{' '}
          <Link to="/worklist">worklist</Link>. Importing the same file twice adds nothing.
        </p>
      </div>
      <Card title="Import files">
        {!biller ? (
          <p className="note note-info">
            Importing needs the biller role; ask an admin. You can still see what is not matched below.
          </p>
        ) : (
          <>
            <div className="row">
              <div className="field">
                <label htmlFor="import-kind">The files are</label>
                <select
                  id="import-kind"
                  value={choice}
                  onChange={(e) => setChoice(e.target.value as 'detect' | Kind)}
                >
                  <option value="detect">detected from their content</option>
                  <option value="claims">submitted claims (837P, 837I, FHIR Claim, JSON, CSV)</option>
                  <option value="remittances">remittances (835, FHIR ExplanationOfBenefit)</option>
                </select>
              </div>
            </div>
            <FileDrop
              label="Choose claim or remittance files to import, or drop them here"
              accept=".837,.835,.txt,.edi,.x12,.json,.csv,.dat,.837i,.837p,.gz"
              multiple
              testId="import-file"
              onFiles={(files) => {
                if (biller) void run(files);
              }}
            >
              <strong>Drop 837 claim files or 835 remittances here</strong>
              <span className="muted">or click to choose them · several at once is fine</span>
            </FileDrop>
            {busy && (
              <div aria-live="polite">
                <div
                  className="progress"
                  role="progressbar"
                  aria-label="Import progress"
                  aria-valuemin={0}
                  aria-valuemax={100}
                  aria-valuenow={Math.round(progress * 100)}
                >
                  <div style={{ width: `${Math.round(progress * 100)}%` }} />
                </div>
                <span className="muted small">
                  {progress < 1 ? `Uploading ${busy}…` : `Reading and matching ${busy}…`}
                </span>
              </div>
            )}
          </>
        )}
        {outcomes.length > 0 && (
          <section aria-label="Import results" className="import-results">
            {outcomes.map((o, i) => (
              <OutcomeView key={outcomes.length - i} outcome={o} />
            ))}
            <p>
              <Link to="/worklist">Open the worklist →</Link>
            </p>
          </section>
        )}
      </Card>
      <UnmatchedCard refresh={refresh} />
    </div>
  );
}
