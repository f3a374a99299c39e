/**
 * Units calculator: a dose (flat, per kg, per m², carboplatin AUC, a volume) and the packages opened → the lines to
 * bill, the waste in units and dollars, the least-waste alternatives, and every rule applied with its source.
 * The form is kept in the URL, so Back, refresh and a copied link show the same calculation.
 */
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { UnitsResult } from '../../../src/core/dosing/index.ts';
import { ApiError, sendJson, type ApiProblem } from '../api.ts';
import { Badge, Card, DataTable, Empty, ErrorNote, Field, num, Stat } from '../components/ui.tsx';
import { dollarsFromCents, dollarsFromMills, plural, roundAmount } from '../format.ts';
import { useRouter } from '../router.tsx';
import { useSession } from '../session.tsx';

/** Every field the units route takes (POST /api/units), as the form and the URL hold them: text, '' = not given. */
const FIELDS = [
  'code',
  'dose',
  'weight',
  'height',
  'bsa',
  'bsaFormula',
  'gfr',
  'scr',
  'age',
  'sex',
  'concentration',
  'vials',
  'opened',
  'modifier340b',
  'container',
  'ndcUnit',
  'setting',
] as const;
type FieldKey = (typeof FIELDS)[number];
type FormState = Record<FieldKey, string>;

const BLANK: FormState = Object.fromEntries(FIELDS.map((k) => [k, ''])) as FormState;

/** The last day modifier JG could be billed (HCPCS: terminated 2024-12-31; TB replaces it). */
const JG_LAST_DAY = '2024-12-31';

const EXAMPLES: { label: string; form: Partial<FormState> }[] = [
  { label: 'J9173 durvalumab 750 mg', form: { code: 'J9173', dose: '750 mg' } },
  {
    label: 'J9309 polatuzumab 1.8 mg/kg, 80 kg',
    form: { code: 'J9309', dose: '1.8 mg/kg', weight: '80 kg' },
  },
  { label: 'J9271 pembrolizumab 200 mg', form: { code: 'J9271', dose: '200 mg' } },
  { label: 'J9045 carboplatin AUC 5, GFR 90', form: { code: 'J9045', dose: 'AUC 5', gfr: '90' } },
];

function formFromSearch(search: URLSearchParams): FormState {
  const form = { ...BLANK };
  for (const k of FIELDS) form[k] = search.get(k) ?? '';
  if (!form.code) form.code = 'J9173';
  return form;
}

function queryFromForm(form: FormState, asOf: string | null): string {
  const q = new URLSearchParams();
  for (const k of FIELDS) {
    const v = form[k].trim();
    if (v) q.set(k, k === 'code' ? v.toUpperCase() : v);
  }
  if (asOf) q.set('asOf', asOf);
  return q.toString();
}

/** What the units route is sent: the fields given; the BSA formula only with a height (it has no use without). */
function requestBody(form: FormState, date: string): Record<string, string> {
  const body: Record<string, string> = { date };
  for (const k of FIELDS) {
    const v = form[k].trim();
    if (v) body[k] = v;
  }
  if (!body['height']) delete body['bsaFormula'];
  return body;
}

/** The form's name for each of the CLI flags the dosing engine's messages mention. */
const FLAG_LABEL: Record<string, string> = {
  weight: 'Weight',
  height: 'Height',
  bsa: 'BSA',
  'bsa-formula': 'BSA formula',
  gfr: 'GFR',
  scr: 'Serum creatinine',
  age: 'Age',
  sex: 'Sex',
  concentration: 'Concentration',
  vials: 'Vials to choose from',
  opened: 'Actually opened',
  container: 'Container type',
  'ndc-unit': 'NDC unit',
  setting: 'MUE setting',
  '340b': '340B modifier',
};

/** "1 units" → "1 unit" in the engine's texts. */
function singularUnits(text: string): string {
  return text.replace(/(^|[^\d.,])1 units\b/g, '$11 unit');
}

/**
 * A dosing message in the form's words: the engine speaks CLI flags (`--gfr 90`), the page has labelled fields.
 * The AUC message is rewritten whole, since its fields sit in their own section here.
 */
export function inFormWords(p: Pick<ApiProblem, 'code' | 'message'>): string {
  if (p.code === 'dose.needs-gfr') {
    const dose = /the dose "([^"]+)"/.exec(p.message)?.[1] ?? 'AUC';
    return `The dose “${dose}” is a carboplatin AUC: the mg dose is AUC × (GFR + 25) (Calvert). Fill in the GFR under “Kidney function”, or the serum creatinine, age and sex there together with the weight, to estimate the GFR (Cockcroft-Gault).`;
  }
  const text = p.message.replace(
    /--([a-z0-9][a-z0-9-]*)(?:[ =]((?!--)[^\s,;)]+))?/gi,
    (match, flag: string, value: string | undefined) => {
      const label = FLAG_LABEL[flag.toLowerCase()];
      if (!label) return match;
      return value ? `“${label}” ${value}` : `the “${label}” field`;
    },
  );
  return singularUnits(text.charAt(0).toUpperCase() + text.slice(1));
}

function UnitsError({ error }: { error: unknown }) {
  if (!(error instanceof ApiError) || error.problems.length === 0) return <ErrorNote error={error} />;
  const errors = error.problems.filter((p) => p.severity === 'error');
  const shown = errors.length > 0 ? errors : error.problems;
  return (
    <div className="note note-bad" role="alert">
      <strong>The units could not be computed.</strong>
      <ul>
        {shown.map((p, i) => (
          <li key={i}>{inFormWords(p)}</li>
        ))}
      </ul>
    </div>
  );
}

function amountText(a: { amount: number; unit: string }): ReactNode {
  const shown = roundAmount(a.amount);
  return Number.isInteger(a.amount) ? (
    `${shown} ${a.unit}`
  ) : (
    <span title={`${a.amount} ${a.unit}`}>
      {shown} {a.unit}
    </span>
  );
}

function Lines({ result }: { result: UnitsResult }) {
  return (
    <DataTable
      columns={['Line', 'Code', 'Modifiers', num('Units'), num('Drug amount'), 'NDC quantity']}
      className="units-lines"
    >
      {result.lines.map((l, i) => (
        <tr key={i}>
          <td>{i + 1}</td>
          <td className="line-code">{l.code}</td>
          <td>
            {l.modifiers.length === 0 ? (
              <span className="muted">none</span>
            ) : (
              l.modifiers.map((m) => (
                <Badge key={m} tone={m === 'JW' ? 'warn' : 'info'}>
                  {m}
                </Badge>
              ))
            )}
          </td>
          <td className="num">
            <strong>{l.units}</strong>
          </td>
          <td className="num">{amountText(l.amount)}</td>
          <td className="mono">{l.ndc ? `N4 ${l.ndc.ndc11} ${l.ndc.unit}${l.ndc.quantity}` : '—'}</td>
        </tr>
      ))}
    </DataTable>
  );
}

function Select({
  id,
  value,
  onChange,
  options,
}: {
  id: string;
  value: string;
  onChange: (v: string) => void;
  options: [string, string][];
}) {
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
      {options.map(([v, label]) => (
        <option key={v} value={v}>
          {label}
        </option>
      ))}
    </select>
  );
}

export function UnitsPage() {
  const { asOf, epoch } = useSession();
  const { search, navigate } = useRouter();
  // The calculation the URL describes (without the date, which has its own effect).
  const urlKey = FIELDS.map((k) => search.get(k) ?? '').join('\u0001');
  const [form, setForm] = useState<FormState>(() => formFromSearch(search));
  const [result, setResult] = useState<UnitsResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [advanced, setAdvanced] = useState(
    () => !!(form.bsa || form.container || form.ndcUnit || form.setting || form.concentration),
  );
  const latest = useRef(0);

  const set = (key: FieldKey, value: string) => setForm((f) => ({ ...f, [key]: value }));

  const compute = async (f: FormState) => {
    const ticket = ++latest.current;
    setBusy(true);
    setError(null);
    try {
      const r = await sendJson<UnitsResult>('/api/units', 'POST', requestBody(f, asOf));
      if (ticket === latest.current) setResult(r);
    } catch (err) {
      if (ticket === latest.current) {
        setResult(null);
        setError(err);
      }
    } finally {
      if (ticket === latest.current) setBusy(false);
    }
  };

  // The URL changed (Compute, an example, Back/Forward, a link): the form shows it.
  useEffect(() => setForm(formFromSearch(search)), [urlKey]);
  // …and its calculation is shown, for the as-of date (package sizes, limits and modifiers are per date).
  useEffect(() => {
    const f = formFromSearch(search);
    if (f.dose.trim()) void compute(f);
    else {
      setResult(null);
      setError(null);
    }
  }, [urlKey, asOf, epoch]);

  const go = (f: FormState) => {
    const q = queryFromForm(f, search.get('asOf'));
    if (q === search.toString()) void compute(f);
    else navigate(`/units?${q}`);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    go(form);
  };

  const perDose = /\/\s*(kg|m2|m²)/i.test(form.dose);
  const isAuc =
    /\bauc\b/i.test(form.dose) ||
    form.code.trim().toUpperCase() === 'J9045' ||
    !!(form.gfr || form.scr || form.age || form.sex);
  const isVolume = /\d\s*ml\b/i.test(form.dose) && !/\/\s*ml/i.test(form.dose);
  const jgEnded = asOf > JG_LAST_DAY;
  const needsGfr = error instanceof ApiError && error.problems.some((p) => p.code === 'dose.needs-gfr');
  const concentrationField = (
    <Field
      label="Concentration"
      hint={
        isVolume
          ? 'The dose is a volume: the strength converts it to the billing unit, e.g. 10 mg/mL or 120 mg/2.4 mL'
          : 'For a dose given in mL: e.g. 10 mg/mL or 120 mg/2.4 mL'
      }
    >
      {(id) => (
        <input
          id={id}
          value={form.concentration}
          onChange={(e) => set('concentration', e.target.value)}
          placeholder="10 mg/mL"
        />
      )}
    </Field>
  );

  const waste = result?.wasteAmount;
  return (
    <div className="page">
      <div className="page-head">
        <h1>Units calculator</h1>
        <p className="muted">
          Dose to billing units by CMS rules: administered units round up, discarded units round down, JW/JZ
          by container type. Package sizes, limits and modifiers are those in force on {asOf}.
        </p>
      </div>
      <div className="split">
        <Card title="What was given">
          <form onSubmit={submit} aria-label="Units calculator">
            <div className="row">
              <Field label="HCPCS code">
                {(id) => (
                  <input
                    id={id}
                    value={form.code}
                    onChange={(e) => set('code', e.target.value.toUpperCase())}
                    required
                    maxLength={5}
                  />
                )}
              </Field>
              <Field label="Dose" hint="750 mg · 1.8 mg/kg · 375 mg/m2 · AUC 5 · 20 mL">
                {(id) => (
                  <input
                    id={id}
                    value={form.dose}
                    onChange={(e) => set('dose', e.target.value)}
                    required
                    placeholder="750 mg"
                  />
                )}
              </Field>
            </div>
            <div className="row">
              <Field
                label="Weight"
                hint={
                  perDose
                    ? 'needed for a per-kg or per-m² dose'
                    : isAuc
                      ? 'kg or lb; with creatinine, age and sex for the GFR'
                      : 'kg or lb'
                }
              >
                {(id) => (
                  <input
                    id={id}
                    value={form.weight}
                    onChange={(e) => set('weight', e.target.value)}
                    placeholder="80 kg"
                  />
                )}
              </Field>
              <Field label="Height" hint="for BSA (mg/m²)">
                {(id) => (
                  <input
                    id={id}
                    value={form.height}
                    onChange={(e) => set('height', e.target.value)}
                    placeholder="175 cm"
                  />
                )}
              </Field>
            </div>
            {form.height.trim() !== '' && (
              <Field label="BSA formula">
                {(id) => (
                  <Select
                    id={id}
                    value={form.bsaFormula || 'mosteller'}
                    onChange={(v) => set('bsaFormula', v)}
                    options={[
                      ['mosteller', 'Mosteller'],
                      ['dubois', 'DuBois'],
                    ]}
                  />
                )}
              </Field>
            )}
            {isAuc && (
              <fieldset className={needsGfr ? 'group group-attention' : 'group'}>
                <legend>Kidney function (carboplatin AUC)</legend>
                <p className="muted small">
                  Calvert: dose (mg) = AUC × (GFR + 25). Give the GFR, or the serum creatinine, age and sex
                  (with the weight above) to estimate it by Cockcroft-Gault.
                </p>
                <Field label="GFR (mL/min)" hint="measured or estimated creatinine clearance">
                  {(id) => (
                    <input
                      id={id}
                      value={form.gfr}
                      onChange={(e) => set('gfr', e.target.value)}
                      inputMode="decimal"
                      placeholder="90"
                    />
                  )}
                </Field>
                <div className="row">
                  <Field label="Serum creatinine (mg/dL)">
                    {(id) => (
                      <input
                        id={id}
                        value={form.scr}
                        onChange={(e) => set('scr', e.target.value)}
                        inputMode="decimal"
                        placeholder="0.9"
                      />
                    )}
                  </Field>
                  <Field label="Age (years)">
                    {(id) => (
                      <input
                        id={id}
                        value={form.age}
                        onChange={(e) => set('age', e.target.value)}
                        inputMode="numeric"
                        placeholder="64"
                      />
                    )}
                  </Field>
                  <Field label="Sex">
                    {(id) => (
                      <Select
                        id={id}
                        value={form.sex}
                        onChange={(v) => set('sex', v)}
                        options={[
                          ['', '—'],
                          ['F', 'female'],
                          ['M', 'male'],
                        ]}
                      />
                    )}
                  </Field>
                </div>
              </fieldset>
            )}
            {isVolume && concentrationField}
            <Field
              label="Vials to choose from (optional)"
              hint="Default: the NDC packages in the crosswalk on the date. E.g. 30mg,140mg"
            >
              {(id) => <input id={id} value={form.vials} onChange={(e) => set('vials', e.target.value)} />}
            </Field>
            <Field
              label="Actually opened (optional)"
              hint="Billing follows what was opened and documented. E.g. 500mg,120mg,120mg,120mg or 7x120mg"
            >
              {(id) => <input id={id} value={form.opened} onChange={(e) => set('opened', e.target.value)} />}
            </Field>
            <Field
              label="340B modifier"
              hint={jgEnded ? `JG ended ${JG_LAST_DAY}; 340B drugs take TB after that.` : undefined}
            >
              {(id) => (
                <Select
                  id={id}
                  value={form.modifier340b}
                  onChange={(v) => set('modifier340b', v)}
                  options={[
                    ['', 'none'],
                    ...(!jgEnded || form.modifier340b === 'JG'
                      ? [['JG', jgEnded ? `JG (ended ${JG_LAST_DAY})` : 'JG'] as [string, string]]
                      : []),
                    ['TB', 'TB'],
                  ]}
                />
              )}
            </Field>
            <details className="advanced" open={advanced} onToggle={(e) => setAdvanced(e.currentTarget.open)}>
              <summary>More options: BSA, concentration, container, NDC unit, MUE setting</summary>
              <Field label="BSA (m², when known)" hint="used instead of height and weight for a mg/m² dose">
                {(id) => (
                  <input
                    id={id}
                    value={form.bsa}
                    onChange={(e) => set('bsa', e.target.value)}
                    inputMode="decimal"
                    placeholder="1.9"
                  />
                )}
              </Field>
              {!isVolume && concentrationField}
              <div className="row">
                <Field label="Container type" hint="decides JW/JZ when the label table does not know">
                  {(id) => (
                    <Select
                      id={id}
                      value={form.container}
                      onChange={(v) => set('container', v)}
                      options={[
                        ['', 'from the label table'],
                        ['single-dose', 'single-dose'],
                        ['multi-dose', 'multi-dose'],
                      ]}
                    />
                  )}
                </Field>
                <Field label="NDC unit" hint="the N4 quantity's unit">
                  {(id) => (
                    <Select
                      id={id}
                      value={form.ndcUnit}
                      onChange={(v) => set('ndcUnit', v)}
                      options={[
                        ['', 'default'],
                        ['UN', 'UN (unit)'],
                        ['ML', 'ML (milliliter)'],
                        ['GR', 'GR (gram)'],
                        ['F2', 'F2 (international unit)'],
                        ['ME', 'ME (milligram)'],
                      ]}
                    />
                  )}
                </Field>
              </div>
              <Field label="MUE setting" hint="which medically unlikely edit the units are checked against">
                {(id) => (
                  <Select
                    id={id}
                    value={form.setting}
                    onChange={(v) => set('setting', v)}
                    options={[
                      ['', 'practitioner (default)'],
                      ['outpatient-hospital', 'outpatient hospital'],
                      ['dme', 'DME supplier'],
                    ]}
                  />
                )}
              </Field>
            </details>
            <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
              {busy ? 'Computing…' : 'Compute units'}
            </button>
            <p className="muted small">Examples:</p>
            <div className="chips">
              {EXAMPLES.map((ex) => (
                <button
                  key={ex.label}
                  type="button"
                  className="chip"
                  onClick={() => go({ ...BLANK, ...ex.form } as FormState)}
                >
                  {ex.label}
                </button>
              ))}
            </div>
          </form>
        </Card>
        <div className="page" aria-live="polite">
          <UnitsError error={error} />
          {!result && !error && (
            <Card>
              <Empty>
                Enter a code and a dose: the lines to bill, the waste and the dollars appear here.
              </Empty>
            </Card>
          )}
          {result && (
            <>
              <div className="stats" aria-label="Result summary">
                <Stat
                  label={`administered ${result.administeredUnits === 1 ? 'unit' : 'units'} (${result.billingUnit.text} each)`}
                  value={result.administeredUnits}
                />
                <Stat
                  label={`discarded ${result.discardedUnits === 1 ? 'unit' : 'units'} (JW)`}
                  value={result.discardedUnits}
                  tone={result.discardedUnits > 0 ? 'warn' : 'good'}
                />
                <Stat label="drug wasted" value={waste ? amountText(waste) : '—'} />
                <Stat
                  label="billed at ASP limit"
                  value={
                    result.money.administeredCents === null && result.money.discardedCents === null
                      ? '—'
                      : dollarsFromCents(
                          (result.money.administeredCents ?? 0) + (result.money.discardedCents ?? 0),
                        )
                  }
                />
                <Stat
                  label="avoidable waste"
                  value={
                    result.money.avoidableWasteCents === null
                      ? '—'
                      : dollarsFromCents(result.money.avoidableWasteCents)
                  }
                  tone={(result.money.avoidableWasteCents ?? 0) > 0 ? 'bad' : 'good'}
                />
              </div>
              <Card title="Lines to bill">
                <Lines result={result} />
                <p className="muted small">
                  Dose {amountText(result.doseAmount)}
                  {result.dose.gfrMlMin !== undefined && ` (GFR ${roundAmount(result.dose.gfrMlMin)} mL/min)`}
                  {result.dose.bsaM2 !== undefined && ` (BSA ${roundAmount(result.dose.bsaM2)} m²)`} · billing
                  unit {result.billingUnit.text} · ASP limit{' '}
                  {dollarsFromMills(result.money.paymentLimitMills)} per unit · packages{' '}
                  {result.openedBy === 'caller'
                    ? 'as opened'
                    : result.openedBy === 'optimizer'
                      ? 'chosen for least waste'
                      : 'not known'}
                  {result.containerType !== 'unknown' && ` · ${result.containerType} container`}
                </p>
              </Card>
              {result.warnings.length > 0 && (
                <Card title="Warnings">
                  <ul>
                    {result.warnings.map((w, i) => (
                      <li key={i}>
                        <Badge
                          tone={w.severity === 'error' ? 'bad' : w.severity === 'warning' ? 'warn' : 'info'}
                        >
                          {w.severity}
                        </Badge>{' '}
                        {inFormWords(w)}
                      </li>
                    ))}
                  </ul>
                </Card>
              )}
              <Card title="Packages opened and alternatives">
                {result.alternatives.length === 0 ? (
                  <Empty>No package sizes known for this code on this date.</Empty>
                ) : (
                  <DataTable columns={['Packages', num('Waste'), num('Waste units'), 'Plan']}>
                    {result.alternatives.map((a, i) => (
                      <tr key={i} className={a.chosen ? 'selected' : ''}>
                        <td>
                          {a.packages
                            .map((p) => `${p.count} × ${roundAmount(p.size.amount)} ${p.size.unit}`)
                            .join(' + ')}
                        </td>
                        <td className="num">{amountText(a.waste)}</td>
                        <td className="num">{a.wasteUnits}</td>
                        <td>
                          {a.optimal && <Badge tone="good">least waste</Badge>}{' '}
                          {a.chosen && <Badge tone="info">billed</Badge>}
                        </td>
                      </tr>
                    ))}
                  </DataTable>
                )}
              </Card>
              <Card title={`Rules applied (${plural(result.rulesApplied.length, 'rule')})`}>
                <ol className="rules">
                  {result.rulesApplied.map((r, i) => (
                    <li key={i}>
                      <strong>{r.title}</strong>: {inFormWords({ code: r.id, message: r.detail })}
                      <div className="muted small">{r.source}</div>
                    </li>
                  ))}
                </ol>
              </Card>
            </>
          )}
        </div>
      </div>
    </div>
  );
}
