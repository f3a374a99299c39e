/**
 * Claim check: drop an 837P/837I, FHIR, JSON or CSV claim file, see every finding grouped by claim and line in
 * plain words (with the denial it would draw and the fix), choose fixes, download the fixed file. The last check
 * stays for the browser tab's life, so leaving the page and coming Back shows it again.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, saveBlob, upload, type ApiProblem } from '../api.ts';
import { ProblemList } from '../components/problems.tsx';
import { Badge, Card, Empty, ErrorNote, Field, FileDrop, Pager, Stat } from '../components/ui.tsx';
import { plural, visible } from '../format.ts';
import { Link } from '../router.tsx';
import { onSignOut, useSession } from '../session.tsx';

/** One finding as `drugclaim check --format json` prints it. */
export interface Finding {
  /** Its position in the complete list of the run, what /api/check/fix `apply` takes (the API lists at most 10,000). */
  index: number;
  editId: string;
  severity: 'error' | 'warning' | 'info';
  claimId: string;
  claimIndex: number;
  file: string | null;
  line: number | null;
  field: string;
  message: string;
  why: string;
  source: string;
  carc: string | null;
  rarc: string[];
  appealable: boolean | null;
  fix: { description: string; caveat: string | null } | null;
}

export interface CheckResponse {
  dateOfRun: string;
  summary: {
    claims: number;
    lines: number;
    drugLines: number;
    errors: number;
    warnings: number;
    infos: number;
    fixable: number;
    /** Of `errors`, the problems met reading the files (servers since the read errors count in `errors`). */
    readErrors?: number;
    /** Of `warnings`, the problems met reading the files (servers since the read warnings count in `warnings`). */
    readWarnings?: number;
  };
  /** Some findings were left out of the answer (the API's `maxFindings`); `summary` counts them all. */
  truncated?: boolean;
  truncation?: { listed: number; omitted: number; message: string };
  files: { path: string; format: string; claims: number }[];
  findings: Finding[];
  readProblems: ApiProblem[];
  skippedEdits: { editId: string; reason: string }[];
}

const SEV_TONE = { error: 'bad', warning: 'warn', info: 'info' } as const;

/** Findings shown at once: a big file draws thousands, and rendering them all at once stalls the tab. */
export const FINDINGS_PAGE = 200;

/**
 * The fixes chosen before anyone looks: only those right whatever happened at the chair. A fix with a caveat
 * depends on what only the biller knows (JZ attests that nothing was discarded; modifier 25 needs a separately
 * identifiable E/M), so it waits for a tick. The others follow from the claim and the reference data alone
 * (upper case, the NDC's 11-digit form, JZ off a multi-dose vial, a JW line for the documented waste).
 */
function safeFixes(findings: readonly Finding[]): Set<number> {
  return new Set(findings.flatMap((f) => (f.fix && f.fix.caveat === null ? [f.index] : [])));
}

function contentTypeFor(file: File): string {
  if (/\.json$/i.test(file.name)) return 'application/json';
  if (/\.csv$/i.test(file.name)) return 'text/csv';
  return 'application/edi-x12';
}

/** Remittances sent to the check (the API's 422 `not-claims`): their names and kinds, from the answer's problems. */
interface Remittances {
  files: string[];
  kinds: string[];
}

function remittancesOf(err: ApiError, fallback: string): Remittances {
  const problems = err.problems.filter((p) => p.code === 'check.not-claims');
  const files = problems.flatMap((p) => (p.at?.file !== undefined ? [p.at.file] : []));
  const kinds = problems.map((p) =>
    p.data?.['format'] === 'fhir' ? 'FHIR ExplanationOfBenefit' : String(p.data?.['format'] ?? '835'),
  );
  return {
    files: files.length > 0 ? files : [fallback],
    kinds: [...new Set(kinds.length > 0 ? kinds : ['835'])],
  };
}

/** The last file checked and what came back, kept while the tab lives (not across a reload: the file is gone). */
let lastCheck: { owner: string; file: File; result: CheckResponse; chosen: Set<number> } | null = null;
onSignOut.add(() => {
  lastCheck = null;
});

interface ClaimGroup {
  key: string;
  claimId: string;
  claimIndex: number;
  lines: Map<string, { line: number | null; findings: { finding: Finding; index: number }[] }>;
  errors: number;
  warnings: number;
}

function group(findings: Finding[]): ClaimGroup[] {
  const groups = new Map<number, ClaimGroup>();
  findings.forEach((finding) => {
    const index = finding.index;
    let g = groups.get(finding.claimIndex);
    if (!g) {
      g = {
        key: `${finding.claimIndex}`,
        claimId: finding.claimId,
        claimIndex: finding.claimIndex,
        lines: new Map(),
        errors: 0,
        warnings: 0,
      };
      groups.set(finding.claimIndex, g);
    }
    if (finding.severity === 'error') g.errors++;
    if (finding.severity === 'warning') g.warnings++;
    const lineKey = finding.line === null ? 'claim' : String(finding.line);
    let l = g.lines.get(lineKey);
    if (!l) {
      l = { line: finding.line, findings: [] };
      g.lines.set(lineKey, l);
    }
    l.findings.push({ finding, index });
  });
  return [...groups.values()].sort((a, b) => a.claimIndex - b.claimIndex);
}

export function CheckPage() {
  const { asOf, can, user, epoch } = useSession();
  const owner = user?.username ?? '';
  // Only for whoever checked it: another user signing in in this tab does not see it.
  const kept = lastCheck?.owner === owner ? lastCheck : null;
  const [file, setFile] = useState<File | null>(kept?.file ?? null);
  const [progress, setProgress] = useState<number | null>(null);
  const [phase, setPhase] = useState<'idle' | 'uploading' | 'checking' | 'fixing'>('idle');
  const [result, setResult] = useState<CheckResponse | null>(kept?.result ?? null);
  const [error, setError] = useState<unknown>(null);
  const [remittances, setRemittances] = useState<Remittances | null>(null);
  const [chosen, setChosen] = useState<Set<number>>(kept?.chosen ?? new Set());
  const [fixedNote, setFixedNote] = useState<string | null>(null);

  // Which findings are shown: a severity, an edit, and a page of FINDINGS_PAGE of those.
  const [severity, setSeverity] = useState<Finding['severity'] | ''>('');
  const [edit, setEdit] = useState('');
  const [page, setPage] = useState(0);
  const edits = useMemo(
    () => (result ? [...new Set(result.findings.map((f) => f.editId))].sort() : []),
    [result],
  );
  const shown = useMemo(
    () =>
      (result?.findings ?? []).filter(
        (f) => (severity === '' || f.severity === severity) && (edit === '' || f.editId === edit),
      ),
    [result, severity, edit],
  );
  const lastPage = Math.max(0, Math.ceil(shown.length / FINDINGS_PAGE) - 1);
  const shownPage = Math.min(page, lastPage);
  const groups = useMemo(
    () => group(shown.slice(shownPage * FINDINGS_PAGE, (shownPage + 1) * FINDINGS_PAGE)),
    [shown, shownPage],
  );
  const findingsTop = useRef<HTMLDivElement>(null);
  // The pager under the list moves to the top of the next page, not to its end.
  const toPage = (p: number) => {
    setPage(p);
    findingsTop.current?.scrollIntoView({ block: 'start' });
  };
  const filterBy = (next: { severity?: Finding['severity'] | ''; edit?: string }) => {
    if (next.severity !== undefined) setSeverity(next.severity);
    if (next.edit !== undefined) setEdit(next.edit);
    setPage(0);
  };

  useEffect(() => {
    if (file && result) lastCheck = { owner, file, result, chosen };
  }, [file, result, chosen]);

  // Signed in again over the page: "your session expired" is no longer true (the retry may now work).
  useEffect(() => {
    setError((e: unknown) => (e instanceof ApiError && e.sessionExpired ? null : e));
  }, [epoch]);

  const run = async (f: File) => {
    setFile(f);
    setResult(null);
    setError(null);
    setRemittances(null);
    setFixedNote(null);
    setSeverity('');
    setEdit('');
    setPage(0);
    lastCheck = null;
    if (f.size === 0) {
      setFile(null);
      setError(
        new Error(`${f.name} is empty: choose the claim file itself (an 837, FHIR, JSON or CSV file).`),
      );
      return;
    }
    setPhase('uploading');
    setProgress(0);
    try {
      const res = await upload(`/api/check?dateOfRun=${asOf}`, f, {
        fileName: f.name,
        contentType: contentTypeFor(f),
        onProgress: (p) => {
          setProgress(p);
          if (p >= 1) setPhase('checking');
        },
      });
      const body = JSON.parse(res.text) as CheckResponse;
      lastCheck = null;
      setResult(body);
      setChosen(safeFixes(body.findings));
    } catch (err) {
      // Not an error of the file: it is of another kind, with its own place in the app.
      if (err instanceof ApiError && err.notClaims) setRemittances(remittancesOf(err, f.name));
      else setError(err);
    } finally {
      setPhase('idle');
      setProgress(null);
    }
  };

  const downloadFixed = async () => {
    if (!file || !result) return;
    setPhase('fixing');
    setError(null);
    try {
      // In the body, not the URL: a choice of thousands of fixes is longer than the server takes in a URL.
      const apply = [...chosen].sort((a, b) => a - b).join(',');
      const res = await upload(`/api/check/fix?dateOfRun=${asOf}`, file, {
        fileName: file.name,
        contentType: contentTypeFor(file),
        accept: '*/*',
        fields: { apply: apply || 'none' },
      });
      const named =
        /filename="([^"]+)"/.exec(res.headers('content-disposition') ?? '')?.[1] ?? `fixed-${file.name}`;
      // With no fix applied the file is the one checked: not called "fixed-".
      const name = chosen.size === 0 ? named.replace(/^fixed-/, '') : named;
      saveBlob(res.blob, name);
      const notCarried = Number(res.headers('x-drugclaim-not-carried') ?? '0');
      setFixedNote(
        `${chosen.size === 0 ? 'No fix applied' : `${plural(chosen.size, 'fix', 'fixes')} applied`}; ${res.headers('x-drugclaim-remaining-fixable') ?? '0'} fixable findings left when re-checked. Saved as ${name}.` +
          (res.headers('x-drugclaim-written-from') === 'claims' && notCarried > 0
            ? ` It was written from the claims, so ${plural(notCarried, 'segment')} of the upload that drugclaim does not carry (drugclaim read lists them) ${notCarried === 1 ? 'is' : 'are'} not in it.`
            : ''),
      );
    } catch (err) {
      setError(err);
    } finally {
      setPhase('idle');
    }
  };

  const fixable = result?.findings.filter((f) => f.fix).length ?? 0;
  // Errors while reading the file would get it rejected too. The API counts them in `summary.errors` already.
  const readErrors =
    result?.summary.readErrors ?? result?.readProblems.filter((p) => p.severity === 'error').length ?? 0;
  // Servers before 2026-11-24 did not count the read warnings in `summary.warnings`: then none is split out.
  const readWarnings = result?.summary.readWarnings ?? 0;
  const noClaims = result !== null && result.summary.claims === 0;
  const toggle = (i: number) =>
    setChosen((s) => {
      const next = new Set(s);
      if (next.has(i)) next.delete(i);
      else next.add(i);
      return next;
    });

  return (
    <div className="page">
      <div className="page-head">
        <h1>Claim check</h1>
        <p className="muted">
          Every drug line that would be denied, why, the denial code it would draw, and the fix — before the
          claim goes out.
        </p>
      </div>
      <Card>
        <FileDrop
          label="Choose a claim file to check (837P, 837I, FHIR, JSON or CSV), or drop it here"
          accept=".837,.837p,.837i,.txt,.edi,.x12,.json,.csv,.dat,.gz"
          testId="check-file"
          onFiles={([f]) => {
            if (f) void run(f);
          }}
        >
          <strong>Drop an 837P, 837I, FHIR, JSON or CSV claim file here</strong>
          <span className="muted">or click to choose one · checked as of {asOf}</span>
        </FileDrop>
        {phase !== 'idle' && (
          <div aria-live="polite">
            <div
              className="progress"
              role="progressbar"
              aria-label="Check progress"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round((progress ?? 1) * 100)}
            >
              <div style={{ width: `${Math.round((progress ?? 1) * 100)}%` }} />
            </div>
            <span className="muted small">
              {phase === 'uploading'
                ? `Uploading ${file?.name}… ${Math.round((progress ?? 0) * 100)}%`
                : phase === 'checking'
                  ? 'Checking every line…'
                  : 'Writing the fixed file…'}
            </span>
          </div>
        )}
        <ErrorNote error={error} />
        {error instanceof ApiError && error.status === 422 && (
          <p className="muted small">The file could not be read as a claim file; nothing was changed.</p>
        )}
      </Card>

      {remittances && (
        <Card title="This is a remittance, not a claim file">
          <p className="note note-warn" role="status">
            {remittances.files.join(', ')} is a payer remittance ({remittances.kinds.join(', ')}): it answers
            claims already sent, so there is nothing to check before submission. Import it as a remittance in{' '}
            <Link to="/import">Import</Link>, where it is matched to the submitted claims and its denials and
            underpayments fill the worklist.
          </p>
        </Card>
      )}
      {result && noClaims && (
        <Card title="No claims in this file">
          <p className="note note-warn" role="status">
            No claim was found in {result.files.map((f) => f.path).join(', ')}, so nothing was checked. Choose
            an 837P, 837I, FHIR Claim, JSON or CSV claim file.
          </p>
          {result.readProblems.some((p) => p.code !== 'check.no-claims') && (
            <>
              <h3>Reading the file</h3>
              <ProblemList problems={result.readProblems.filter((p) => p.code !== 'check.no-claims')} open />
            </>
          )}
        </Card>
      )}
      {result && !noClaims && (
        <>
          <div className="stats" aria-label="Check summary">
            <Stat
              label={`claims in ${result.files.map((f) => `${f.path} (${f.format})`).join(', ')}, checked as of ${result.dateOfRun}`}
              value={result.summary.claims}
            />
            <Stat label="service lines" value={result.summary.lines} />
            <Stat
              label={
                readErrors > 0
                  ? `errors: ${(result.summary.errors - readErrors).toLocaleString('en-US')} in the lines (would be denied), ${readErrors.toLocaleString('en-US')} reading the file (would be rejected)`
                  : 'errors (would be denied)'
              }
              value={result.summary.errors}
              tone={result.summary.errors > 0 ? 'bad' : 'good'}
            />
            <Stat
              label={`${
                readWarnings > 0
                  ? `warnings: ${(result.summary.warnings - readWarnings).toLocaleString('en-US')} in the lines, ${readWarnings.toLocaleString('en-US')} reading the file`
                  : 'warnings'
              }${result.summary.infos > 0 ? ` (and ${plural(result.summary.infos, 'note')})` : ''}`}
              value={result.summary.warnings}
              tone={result.summary.warnings > 0 ? 'warn' : 'good'}
            />
            <Stat label="fixable" value={result.summary.fixable} />
          </div>
          {result.readProblems.length > 0 && (
            <Card title="Reading the file">
              <ProblemList problems={result.readProblems} />
            </Card>
          )}
          <Card
            title={
              result.truncation
                ? `Findings (${result.truncation.listed.toLocaleString('en-US')} listed of ${(result.truncation.listed + result.truncation.omitted).toLocaleString('en-US')})`
                : `Findings (${result.findings.length.toLocaleString('en-US')})`
            }
            actions={
              can('viewer') ? (
                <>
                  {fixable > 0 && (
                    <span className="muted small">
                      {chosen.size.toLocaleString('en-US')} of {plural(fixable, 'fix', 'fixes')} selected
                    </span>
                  )}
                  <button
                    type="button"
                    className="btn btn-primary"
                    onClick={() => void downloadFixed()}
                    disabled={phase !== 'idle'}
                  >
                    {chosen.size > 0
                      ? `Apply ${plural(chosen.size, 'fix', 'fixes')} and download`
                      : 'Download the file (no fixes)'}
                  </button>
                </>
              ) : null
            }
          >
            {result.truncation && (
              <p className="note note-warn" role="status">
                {result.truncation.message}
              </p>
            )}
            {fixedNote && (
              <div className="note note-good" role="status">
                {fixedNote}
              </div>
            )}
            <div ref={findingsTop} />
            {result.findings.length > FINDINGS_PAGE && (
              <div className="filters" role="search" aria-label="Filter the findings">
                <Field label="Severity">
                  {(id) => (
                    <select
                      id={id}
                      value={severity}
                      onChange={(e) => filterBy({ severity: e.target.value as Finding['severity'] | '' })}
                    >
                      <option value="">every severity</option>
                      <option value="error">errors</option>
                      <option value="warning">warnings</option>
                      <option value="info">notes</option>
                    </select>
                  )}
                </Field>
                <Field label="Edit">
                  {(id) => (
                    <select id={id} value={edit} onChange={(e) => filterBy({ edit: e.target.value })}>
                      <option value="">every edit</option>
                      {edits.map((e) => (
                        <option key={e} value={e}>
                          {e}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
              </div>
            )}
            {shown.length > FINDINGS_PAGE && (
              <Pager
                label="Findings pages"
                page={shownPage}
                pageSize={FINDINGS_PAGE}
                total={shown.length}
                onPage={toPage}
              />
            )}
            {result.findings.length > 0 && shown.length === 0 ? (
              <Empty>No findings of this severity from this edit.</Empty>
            ) : groups.length === 0 ? (
              <Empty>
                {readErrors > 0
                  ? 'No findings in the lines, but the file has errors (above) that would get it rejected.'
                  : 'No findings: every line passed every edit that ran.'}
              </Empty>
            ) : (
              groups.map((g) => (
                <section key={g.key} className="claim-group" aria-label={`Claim ${visible(g.claimId)}`}>
                  <header>
                    <strong>Claim {visible(g.claimId)}</strong>
                    {g.errors > 0 && <Badge tone="bad">{plural(g.errors, 'error')}</Badge>}
                    {g.warnings > 0 && <Badge tone="warn">{plural(g.warnings, 'warning')}</Badge>}
                  </header>
                  {[...g.lines.values()].map((l) =>
                    l.findings.map(({ finding: f, index }) => (
                      <div className="finding" key={index}>
                        <span className={`sev sev-${f.severity}`} aria-hidden="true" />
                        <div>
                          <div className="finding-msg">
                            <Badge tone={SEV_TONE[f.severity]}>{f.severity}</Badge>{' '}
                            {l.line === null ? 'Claim' : `Line ${l.line}`} · {f.field}: {f.message}
                          </div>
                          <div className="finding-why">{f.why}</div>
                          <div className="finding-meta">
                            {f.carc && (
                              <>
                                Likely denial{' '}
                                <strong>
                                  {f.carc}
                                  {f.rarc.length > 0 ? ` / ${f.rarc.join(', ')}` : ''}
                                </strong>
                                {f.appealable !== null && (
                                  <> · {f.appealable ? 'appealable' : 'correct and resubmit'}</>
                                )}{' '}
                                ·{' '}
                              </>
                            )}
                            edit <code>{f.editId}</code> · {f.source}
                          </div>
                        </div>
                        {f.fix ? (
                          <div className="fix-box">
                            <label className="fix">
                              <input
                                type="checkbox"
                                checked={chosen.has(index)}
                                onChange={() => toggle(index)}
                                aria-describedby={f.fix.caveat ? `caveat-${index}` : undefined}
                              />
                              Fix: {f.fix.description}
                            </label>
                            {/* Said on the page, as the CLI and the HTML report say it: a tooltip reaches no keyboard, touch or screen reader. */}
                            {f.fix.caveat && (
                              <p className="fix-caveat" id={`caveat-${index}`}>
                                <strong>Be sure first:</strong> {f.fix.caveat}
                              </p>
                            )}
                          </div>
                        ) : (
                          <span className="muted small">no mechanical fix</span>
                        )}
                      </div>
                    )),
                  )}
                </section>
              ))
            )}
            {shown.length > FINDINGS_PAGE && (
              <Pager
                label="Findings pages, at the end"
                page={shownPage}
                pageSize={FINDINGS_PAGE}
                total={shown.length}
                onPage={toPage}
              />
            )}
            {result.skippedEdits.length > 0 && (
              <p className="muted small">
                Edits not run: {result.skippedEdits.map((s) => `${s.editId} (${s.reason})`).join('; ')}
              </p>
            )}
          </Card>
        </>
      )}
    </div>
  );
}
