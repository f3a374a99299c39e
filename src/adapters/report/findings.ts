/**
 * One renderer for check findings, four output formats: text (terminal), JSON (the CLI's --format json and the
 * API), HTML (a single self-contained page a manager can open) and SARIF 2.1.0 (code-scanning tools). The finding
 * values come from src/core/edits; nothing here decides anything, it only presents. No PHI is printed: findings
 * carry claim ids, codes and amounts, never names or member ids.
 */
import type { AppliedFix, SkippedFix } from '../../core/edits/apply-fixes.ts';
import { EDITS } from '../../core/edits/registry.ts';
import type { CheckResult, CheckSummary, RulesApplied, SkippedEdit } from '../../core/edits/types.ts';
import { carcText, type Finding, type FindingSeverity } from '../../core/findings/model.ts';
import { formatPosition, type Problem } from '../../core/problem.ts';
import { showControls } from '../../core/visible-text.ts';
import { claimIoCodes } from '../claim-files/codes.ts';
import { jsonChunks, streamedArray, streamedArrayMarker } from '../render/json-chunks.ts';

export type ReportFormat = 'text' | 'json' | 'html' | 'sarif';
export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'json', 'html', 'sarif'];

export interface CheckedFile {
  path: string;
  /** 837P, 837I, fhir, json… as read. */
  format: string;
  claims: number;
  /** Index in the batch of the file's first claim. */
  firstClaim: number;
}

export interface CheckReport {
  tool: { name: string; version: string };
  dateOfRun: string;
  files: CheckedFile[];
  /**
   * The edits' summary, with the reader's problems counted in: `errors` and `claimsWithErrors` include the read errors
   * (a file the reader found errors in is not clean, as the CLI's exit code says), `warnings` the read warnings;
   * `readErrors` and `readWarnings` say how many there are.
   */
  summary: CheckSummary & { readErrors?: number; readWarnings?: number };
  findings: Finding[];
  skipped: SkippedEdit[];
  rulesApplied: RulesApplied[];
  /** Problems the readers met (positioned); they are not edit findings. */
  readProblems: Problem[];
  /**
   * Set when `findings` may list fewer findings than were found (the API's `maxFindings`): `summary` still counts
   * every finding; `indexes` are the positions of those listed in the complete list (what `check/fix` takes).
   */
  listing?: FindingsListing;
  fixes?: {
    output: string;
    applied: AppliedFix[];
    skipped: SkippedFix[];
    /** What the reader of OUT should know: how it was written, and what the writer could not put in it. */
    notes?: string[];
  };
}

export interface FindingsListing {
  /** At most this many findings are listed. */
  maxFindings: number;
  /** For each finding listed, its position in the complete list of the run. */
  indexes: readonly number[];
  /** Findings found but not listed. */
  omitted: number;
  /** Which findings were kept, in words. */
  kept: string;
  /** What to do to see them all. */
  hint: string;
}

/** "Only 10,000 of 123,456 findings are listed: …" when a listing left some out; undefined otherwise. */
export function truncationNote(report: Pick<CheckReport, 'findings' | 'listing'>): string | undefined {
  const l = report.listing;
  if (l === undefined || l.omitted === 0) return undefined;
  const n = (x: number) => x.toLocaleString('en-US');
  return `Only ${n(report.findings.length)} of ${n(report.findings.length + l.omitted)} findings are listed (${n(l.omitted)} left out; at most ${n(l.maxFindings)} in one answer): ${l.kept}. The summary counts them all. ${l.hint}`;
}

/** The report of one check run (the CLI's and the API's): the edit engine's result with what was read. */
export function checkReport(
  result: CheckResult,
  run: {
    version: string;
    dateOfRun: string;
    files: CheckedFile[];
    readProblems: Problem[];
    /** Claims (by index) with read errors inside them, when known: counted in `claimsWithErrors`. */
    claimsWithReadErrors?: ReadonlySet<number>;
  },
): CheckReport {
  const readErrors = run.readProblems.filter((p) => p.severity === 'error').length;
  const readWarnings = run.readProblems.filter((p) => p.severity === 'warning').length;
  let claimsWithErrors = result.summary.claimsWithErrors;
  if (run.claimsWithReadErrors !== undefined && run.claimsWithReadErrors.size > 0) {
    const withErrors = new Set(run.claimsWithReadErrors);
    for (const f of result.findings) if (f.severity === 'error') withErrors.add(f.claimIndex);
    claimsWithErrors = withErrors.size;
  }
  return {
    tool: { name: 'drugclaim', version: run.version },
    dateOfRun: run.dateOfRun,
    files: run.files,
    summary: {
      ...result.summary,
      errors: result.summary.errors + readErrors,
      warnings: result.summary.warnings + readWarnings,
      claimsWithErrors,
      readErrors,
      readWarnings,
    },
    findings: result.findings,
    skipped: result.skipped,
    rulesApplied: result.rulesApplied,
    readProblems: run.readProblems,
  };
}

/**
 * One file version of the report's footer: "acme.yaml v2026.1 (2 claims; policies acme-pd1 v2026.1, acme-peg
 * v2026.2)", "rules/payers/default.yaml v2026.1 (2 claims; inherited settings mue, ndc)".
 */
export function rulesAppliedText(r: RulesApplied): string {
  const parts = [plural(r.claims, 'claim')];
  const inherited = r.inheritedClaims;
  if (inherited > 0)
    parts.push(
      `inherited settings ${r.program.join(', ')}${inherited < r.claims ? ` for ${plural(inherited, 'claim')}` : ''}`,
    );
  const policies = r.policies;
  if (policies.length > 0)
    parts.push(
      `${policies.length === 1 ? 'policy' : 'policies'} ${policies.map((p) => `${p.id} v${p.version}`).join(', ')}`,
    );
  return `${r.file} v${r.version} (${parts.join('; ')})`;
}

/** The file a finding's claim came from. */
export function fileOfClaim(report: Pick<CheckReport, 'files'>, claimIndex: number): string | undefined {
  let found: string | undefined;
  for (const f of report.files)
    if (claimIndex >= f.firstClaim && claimIndex < f.firstClaim + f.claims) found = f.path;
  return found;
}

/** The stable JSON shape of one finding (camelCase; `carc` as "CO-16", `rarc` a list). */
export function findingJson(report: Pick<CheckReport, 'files'>, f: Finding): Record<string, unknown> {
  return {
    editId: f.editId,
    severity: f.severity,
    claimId: f.claimId,
    claimIndex: f.claimIndex,
    file: fileOfClaim(report, f.claimIndex) ?? null,
    line: f.line,
    field: f.field,
    message: f.message,
    why: f.why,
    source: f.source,
    carc: carcText(f.denial),
    rarc: f.denial ? [...f.denial.rarc] : [],
    appealable: f.appealable ?? null,
    fix: f.fix
      ? { description: f.fix.description, actions: f.fix.actions, caveat: f.fix.caveat ?? null }
      : null,
    at: f.at ?? null,
    data: f.data ?? null,
  };
}

/**
 * A big batch's report passes V8's longest string (about 512 MB) well before it passes memory, so the renderers
 * hand out the report in pieces, one claim or a few findings at a time; `renderReport` joins them for small ones.
 */
const STREAMED = streamedArrayMarker(0);

function* reportJsonChunks(report: CheckReport): Generator<string> {
  const listing = report.listing;
  const out = {
    tool: report.tool,
    dateOfRun: report.dateOfRun,
    summary: {
      ...report.summary,
      files: report.files.length,
      readProblems: report.readProblems.length,
      ...(listing ? { findingsOmitted: listing.omitted } : {}),
    },
    // Said at the top, before the findings: a reader of a long answer learns first that it is not all of them.
    ...(listing ? { truncated: listing.omitted > 0 } : {}),
    ...(listing && listing.omitted > 0
      ? {
          truncation: {
            maxFindings: listing.maxFindings,
            listed: report.findings.length,
            omitted: listing.omitted,
            message: truncationNote(report),
          },
        }
      : {}),
    files: report.files.map((f) => ({ path: f.path, format: f.format, claims: f.claims })),
    findings: STREAMED,
    skippedEdits: report.skipped,
    rulesApplied: report.rulesApplied,
    readProblems: report.readProblems.map((p) => ({
      code: p.code,
      severity: p.severity,
      message: p.message,
      at: p.at ?? null,
    })),
    ...(report.fixes ? { fixes: report.fixes } : {}),
  };
  // Listed with a cap, each finding says where it is in the complete list: `check/fix` takes those indexes.
  const findings = listing
    ? streamedArray(
        STREAMED,
        report.findings.map((f, k) => [f, listing.indexes[k] ?? k] as const),
        ([f, index]) => ({ index, ...findingJson(report, f) }),
      )
    : streamedArray(STREAMED, report.findings, (f) => findingJson(report, f));
  yield* jsonChunks(out, [findings]);
}

export function renderJson(report: CheckReport): string {
  return [...reportJsonChunks(report)].join('');
}

const plural = (n: number, word: string, many = `${word}s`): string => `${n} ${n === 1 ? word : many}`;

function summaryLine(report: CheckReport): string {
  const s = report.summary;
  const reading = (n: number | undefined): string => ((n ?? 0) > 0 ? ` (${n} reading the files)` : '');
  return `${plural(report.files.length, 'file')}, ${plural(s.claims, 'claim')}, ${plural(s.lines, 'line')} (${s.drugLines} drug): ${plural(s.errors, 'error')}${reading(s.readErrors)}, ${plural(s.warnings, 'warning')}${reading(s.readWarnings)}, ${s.infos} info${s.fixable > 0 ? `; ${s.fixable} with a fix` : ''}`;
}

function groupByClaim(findings: readonly Finding[]): Map<number, Finding[]> {
  const byClaim = new Map<number, Finding[]>();
  for (const f of findings) {
    const list = byClaim.get(f.claimIndex);
    if (list) list.push(f);
    else byClaim.set(f.claimIndex, [f]);
  }
  return byClaim;
}

function denialText(f: Finding): string {
  if (!f.denial) return '';
  return `${f.denial.group}-${f.denial.carc}${f.denial.rarc.length > 0 ? ` ${f.denial.rarc.join(' ')}` : ''}`;
}

const SEVERITY_WORD: Readonly<Record<FindingSeverity, string>> = {
  error: 'ERROR',
  warning: 'warn ',
  info: 'info ',
};

function* textChunks(report: CheckReport): Generator<string> {
  let lines: string[] = [`drugclaim check (${report.dateOfRun}): ${summaryLine(report)}`];
  const truncated = truncationNote(report);
  if (truncated !== undefined) lines.push(`note: ${truncated}`);
  for (const p of report.readProblems)
    lines.push(`  read ${p.severity}: ${p.message}${p.at ? ` [${formatPosition(p.at)}]` : ''}`);
  for (const [claimIndex, findings] of groupByClaim(report.findings)) {
    if (lines.length > 2000) {
      yield `${lines.join('\n')}\n`;
      lines = [];
    }
    const first = findings[0] as Finding;
    const file = fileOfClaim(report, claimIndex);
    lines.push('', `Claim ${first.claimId}${file ? ` (${file})` : ''}`);
    for (const f of findings) {
      const denial = denialText(f);
      lines.push(
        `  ${f.line === null ? 'claim ' : `line ${String(f.line).padEnd(2)}`} ${SEVERITY_WORD[f.severity]} ${f.editId}${denial ? ` → ${denial}` : ''}${f.appealable === true ? ' (appealable)' : f.appealable === false ? ' (not appealable)' : ''}`,
      );
      lines.push(`      ${f.message}`);
      lines.push(`      why: ${f.why}`);
      lines.push(`      source: ${f.source}`);
      if (f.fix) lines.push(`      fix: ${f.fix.description}${f.fix.caveat ? ` (${f.fix.caveat})` : ''}`);
    }
  }
  if (report.findings.length === 0) lines.push('', 'No findings.');
  for (const s of report.skipped) lines.push(`note: edit ${s.editId} did not run: ${s.reason}`);
  if (report.rulesApplied.length > 0)
    lines.push('', `Payer rules: ${report.rulesApplied.map(rulesAppliedText).join('; ')}`);
  if (report.fixes) {
    lines.push(
      '',
      `Fixed claims written to ${report.fixes.output}: ${plural(report.fixes.applied.length, 'fix', 'fixes')} applied${report.fixes.skipped.length > 0 ? `, ${report.fixes.skipped.length} skipped` : ''}.`,
    );
    // Several files may hold the same claim id: name the file then.
    const claimText = (a: AppliedFix): string =>
      report.files.length > 1
        ? `claim ${a.claimId} (${fileOfClaim(report, a.claimIndex) ?? '?'})`
        : `claim ${a.claimId}`;
    for (const a of report.fixes.applied) lines.push(`  applied: ${claimText(a)}: ${a.description}`);
    for (const s of report.fixes.skipped)
      lines.push(`  skipped: ${claimText(s)}: ${s.description} (${s.reason})`);
    for (const n of report.fixes.notes ?? []) lines.push(`  note: ${n}`);
  }
  yield `${lines.join('\n')}\n`;
}

/**
 * The text report as the terminal shows it: claim ids and the values readers quote come from the claim files, and a
 * control character in them (ESC, a right-to-left override) is shown as `\u202E`, never acted on.
 */
function* shownChunks(chunks: Iterable<string>): Generator<string> {
  for (const chunk of chunks) yield showControls(chunk, { lineBreaks: 'keep' });
}

export function renderText(report: CheckReport): string {
  return [...shownChunks(textChunks(report))].join('');
}

/** Text as HTML: markup characters as entities, and control and bidirectional characters shown (`\u202E`), so a
 * claim id cannot reorder the page around it. */
export function escapeHtml(text: string): string {
  return showControls(text, { lineBreaks: 'keep' }).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

const CSS = `
:root{--err:#b42318;--warn:#b54708;--info:#175cd3;--ink:#101828;--mute:#475467;--line:#eaecf0;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:var(--ink)}
body{margin:0;background:#f9fafb}main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 4px}p.meta{color:var(--mute);margin:0 0 20px}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin-bottom:24px}.card{background:#fff;border:1px solid var(--line);border-radius:10px;padding:12px 16px;min-width:120px}
.card b{display:block;font-size:24px}.card span{color:var(--mute);font-size:13px}
.card.err b{color:var(--err)}.card.warn b{color:var(--warn)}.card.info b{color:var(--info)}
section.claim{background:#fff;border:1px solid var(--line);border-radius:10px;margin-bottom:16px;overflow:hidden}
section.claim h2{font-size:16px;margin:0;padding:12px 16px;background:#f2f4f7;border-bottom:1px solid var(--line)}
section.claim h2 small{color:var(--mute);font-weight:normal}
table{border-collapse:collapse;width:100%;font-size:14px}th,td{text-align:left;vertical-align:top;padding:8px 12px;border-bottom:1px solid var(--line)}
th{font-size:12px;text-transform:uppercase;color:var(--mute);letter-spacing:.03em}
.sev{font-weight:600;font-size:12px;border-radius:6px;padding:2px 6px;white-space:nowrap}
.sev.error{background:#fee4e2;color:var(--err)}.sev.warning{background:#fef0c7;color:var(--warn)}.sev.info{background:#d1e9ff;color:var(--info)}
.why,.src{color:var(--mute);font-size:13px;margin-top:4px}.fix{margin-top:6px;font-size:13px;color:#027a48}
code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px}
@media print{body{background:#fff}section.claim{break-inside:avoid}}
`;

function* htmlChunks(report: CheckReport): Generator<string> {
  const s = report.summary;
  const card = (cls: string, n: number | string, label: string): string =>
    `<div class="card ${cls}"><b>${escapeHtml(String(n))}</b><span>${escapeHtml(label)}</span></div>`;
  let parts: string[] = [];
  parts.push(
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">',
    `<title>drugclaim check ${escapeHtml(report.dateOfRun)}</title><style>${CSS}</style></head><body><main>`,
    `<h1>Claim check</h1><p class="meta">${escapeHtml(report.dateOfRun)} · ${escapeHtml(report.files.map((f) => `${f.path} (${f.format})`).join(', '))} · ${escapeHtml(report.tool.name)} ${escapeHtml(report.tool.version)}</p>`,
    '<div class="cards">',
    card('', s.claims, 'claims'),
    card('', s.lines, `lines (${s.drugLines} drug)`),
    card('', s.claimsWithErrors, 'claims with errors'),
    card('err', s.errors, 'errors (would be denied)'),
    card('warn', s.warnings, 'warnings'),
    card('info', s.infos, 'notes'),
    card('', s.fixable, 'with a mechanical fix'),
    '</div>',
  );
  const truncated = truncationNote(report);
  if (truncated !== undefined) parts.push(`<p class="meta" role="status">${escapeHtml(truncated)}</p>`);
  if (report.readProblems.length > 0) {
    parts.push('<section class="claim"><h2>Problems reading the files</h2><table><tbody>');
    for (const p of report.readProblems)
      parts.push(
        `<tr><td><span class="sev ${p.severity}">${p.severity}</span></td><td>${escapeHtml(p.message)}<div class="src">${escapeHtml(formatPosition(p.at))}</div></td></tr>`,
      );
    parts.push('</tbody></table></section>');
  }
  for (const [claimIndex, findings] of groupByClaim(report.findings)) {
    if (parts.length > 2000) {
      yield `${parts.join('\n')}\n`;
      parts = [];
    }
    const first = findings[0] as Finding;
    const file = fileOfClaim(report, claimIndex);
    const counts = `${findings.filter((f) => f.severity === 'error').length} error(s), ${findings.filter((f) => f.severity === 'warning').length} warning(s)`;
    parts.push(
      `<section class="claim"><h2>Claim <code>${escapeHtml(first.claimId)}</code> <small>${escapeHtml(file ?? '')} · ${counts}</small></h2>`,
    );
    parts.push(
      '<table><thead><tr><th>Line</th><th>Severity</th><th>Finding</th><th>Likely denial</th></tr></thead><tbody>',
    );
    for (const f of findings) {
      parts.push(
        `<tr><td>${f.line === null ? 'claim' : f.line}</td><td><span class="sev ${f.severity}">${f.severity}</span></td>`,
        `<td>${escapeHtml(f.message)}<div class="why">Why: ${escapeHtml(f.why)}</div><div class="src">Source: ${escapeHtml(f.source)} · <code>${escapeHtml(f.editId)}</code></div>`,
        f.fix
          ? `<div class="fix">Fix: ${escapeHtml(f.fix.description)}${f.fix.caveat ? ` — ${escapeHtml(f.fix.caveat)}` : ''}</div>`
          : '',
        `</td><td>${f.denial ? `<code>${escapeHtml(denialText(f))}</code>${f.appealable === true ? '<div class="src">appealable with records</div>' : f.appealable === false ? '<div class="src">not appealable</div>' : ''}` : '—'}</td></tr>`,
      );
    }
    parts.push('</tbody></table></section>');
  }
  if (report.findings.length === 0) parts.push('<p>No findings: every claim passed every edit.</p>');
  if (report.rulesApplied.length > 0) {
    parts.push(
      `<p class="meta">Payer rules: ${escapeHtml(report.rulesApplied.map(rulesAppliedText).join('; '))}</p>`,
    );
  }
  if (report.skipped.length > 0)
    parts.push(
      `<p class="meta">Not run: ${escapeHtml(report.skipped.map((x) => `${x.editId} (${x.reason})`).join('; '))}</p>`,
    );
  if (report.fixes) {
    parts.push(
      `<p class="meta">Fixed claims written to ${escapeHtml(report.fixes.output)}: ${report.fixes.applied.length} fix(es) applied, ${report.fixes.skipped.length} skipped.</p>`,
    );
  }
  parts.push('</main></body></html>');
  yield `${parts.join('\n')}\n`;
}

export function renderHtml(report: CheckReport): string {
  return [...htmlChunks(report)].join('');
}

const SARIF_LEVEL: Readonly<Record<FindingSeverity, string>> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

/** A problem the reader met, as a SARIF result: its code as the rule, its file and line as the location. */
function readProblemResult(report: CheckReport, p: Problem, ruleIndex: number): Record<string, unknown> {
  const at = p.at;
  // The path as given where the file is known by its base name.
  const file =
    report.files.find((f) => f.path === at?.file || f.path.endsWith(`/${at?.file}`))?.path ?? at?.file;
  return {
    ruleId: p.code,
    ruleIndex,
    level: SARIF_LEVEL[p.severity],
    message: { text: p.message },
    locations: [
      {
        ...(file
          ? {
              physicalLocation: {
                artifactLocation: { uri: file },
                ...(at?.line !== undefined ? { region: { startLine: at.line } } : {}),
              },
            }
          : {}),
        ...(at?.segmentId !== undefined || at?.loop !== undefined
          ? {
              logicalLocations: [
                {
                  name: [at.segmentId, at.loop === undefined ? undefined : `loop ${at.loop}`]
                    .filter((x) => x !== undefined)
                    .join(' '),
                  kind: 'element',
                },
              ],
            }
          : {}),
      },
    ],
    properties: { kind: 'read', position: at ?? null },
  };
}

/**
 * SARIF 2.1.0: one run, the edit registry as rules, one result per finding, then one per problem met reading the
 * files (a structural 837 error is a result too: a code-scanning gate must not pass a file the CLI fails).
 */
function* sarifChunks(report: CheckReport): Generator<string> {
  const ruleIndex = new Map(EDITS.map((e, i) => [e.id, i]));
  const readCodes = [...new Set(report.readProblems.map((p) => p.code))];
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            informationUri: 'https://github.com/drugclaim/drugclaim/blob/main/docs/edits.md',
            rules: [
              ...EDITS.map((e) => ({
                id: e.id,
                name: e.id.replace(/(^|-)([a-z0-9])/g, (_m, _d: string, c: string) => c.toUpperCase()),
                shortDescription: { text: e.title },
                fullDescription: { text: `${e.title}. Source: ${e.source}` },
                helpUri: `https://github.com/drugclaim/drugclaim/blob/main/docs/edits.md#${e.id}`,
                defaultConfiguration: { level: SARIF_LEVEL[e.severity] },
                properties: {
                  scope: e.scope,
                  denials: e.denials.map(
                    (d) => `${d.group}-${d.carc}${d.rarc.length > 0 ? ` ${d.rarc.join(' ')}` : ''}`,
                  ),
                },
              })),
              // The reader's problem codes met in this run (docs/claims-io.md, "Problem codes").
              ...readCodes.map((code) => {
                const known = (claimIoCodes as Record<string, readonly [FindingSeverity, string]>)[code];
                return {
                  id: code,
                  shortDescription: {
                    text: known?.[1] ?? report.readProblems.find((p) => p.code === code)?.message ?? code,
                  },
                  helpUri: 'https://github.com/drugclaim/drugclaim/blob/main/docs/claims-io.md#problem-codes',
                  defaultConfiguration: { level: SARIF_LEVEL[known?.[0] ?? 'warning'] },
                  properties: { kind: 'read' },
                };
              }),
            ],
          },
        },
        artifacts: report.files.map((f) => ({ location: { uri: f.path }, properties: { format: f.format } })),
        results: STREAMED,
        // The cap of a listing, said where SARIF tools look for run facts: the results are not every finding.
        ...(report.listing
          ? {
              properties: {
                maxFindings: report.listing.maxFindings,
                findings: report.findings.length + report.listing.omitted,
                findingsListed: report.findings.length,
                findingsOmitted: report.listing.omitted,
                truncated: report.listing.omitted > 0,
                ...(report.listing.omitted > 0 ? { message: truncationNote(report) } : {}),
              },
            }
          : {}),
      },
    ],
  };
  const results: readonly (Finding | Problem)[] =
    report.readProblems.length === 0 ? report.findings : [...report.findings, ...report.readProblems];
  yield* jsonChunks(sarif, [
    streamedArray(STREAMED, results, (item) => {
      if (!('editId' in item))
        return readProblemResult(report, item, EDITS.length + readCodes.indexOf(item.code));
      const f = item;
      // The path as given (the same URI as in `artifacts`); the reader's position names the file by its base name.
      const file = fileOfClaim(report, f.claimIndex) ?? f.at?.file;
      const physical = file
        ? {
            artifactLocation: { uri: file },
            ...(f.at?.line !== undefined ? { region: { startLine: f.at.line } } : {}),
          }
        : undefined;
      return {
        ruleId: f.editId,
        ...(ruleIndex.has(f.editId) ? { ruleIndex: ruleIndex.get(f.editId) } : {}),
        level: SARIF_LEVEL[f.severity],
        message: { text: `${f.message} Why: ${f.why}` },
        locations: [
          {
            ...(physical ? { physicalLocation: physical } : {}),
            logicalLocations: [
              {
                name: f.line === null ? `claim ${f.claimId}` : `claim ${f.claimId} line ${f.line}`,
                kind: 'object',
              },
            ],
          },
        ],
        properties: {
          claimId: f.claimId,
          line: f.line,
          field: f.field,
          source: f.source,
          carc: carcText(f.denial),
          rarc: f.denial ? [...f.denial.rarc] : [],
          ...(f.appealable !== undefined ? { appealable: f.appealable } : {}),
          ...(f.fix ? { fix: f.fix.description } : {}),
        },
      };
    }),
  ]);
}

export function renderSarif(report: CheckReport): string {
  return [...sarifChunks(report)].join('');
}

/** The report in pieces (a claim or some findings at a time), to write out a batch of any size. */
export function renderReportChunks(report: CheckReport, format: ReportFormat): Iterable<string> {
  switch (format) {
    case 'text':
      return shownChunks(textChunks(report));
    case 'json':
      return reportJsonChunks(report);
    case 'html':
      return htmlChunks(report);
    case 'sarif':
      return sarifChunks(report);
  }
}

export function renderReport(report: CheckReport, format: ReportFormat): string {
  return [...renderReportChunks(report, format)].join('');
}
