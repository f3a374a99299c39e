/**
 * Units calculator: a dose (flat, per kg, per m², AUC) and the packages opened → the lines to bill, the waste in
 * units and dollars, the least-waste alternatives, and every rule applied with its source.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { UnitsResult } from '../../../src/core/dosing/index.ts';
import { sendJson } from '../api.ts';
import { Badge, Card, DataTable, Empty, ErrorNote, Field, num, Stat } from '../components/ui.tsx';
import { dollarsFromCents, dollarsFromMills, plural } from '../format.ts';
import { useRouter } from '../router.tsx';
import { useSession } from '../session.tsx';

interface FormState {
  code: string;
  dose: string;
  weight: string;
  height: string;
  bsaFormula: 'mosteller' | 'dubois';
  vials: string;
  opened: string;
  modifier340b: '' | 'JG' | 'TB';
}

const EXAMPLES: { label: string; form: Partial<FormState> }[] = [
  { label: 'J9173 durvalumab 750 mg', form: { code: 'J9173', dose: '750 mg', weight: '', height: '' } },
  {
    label: 'J9309 polatuzumab 1.8 mg/kg, 80 kg',
    form: { code: 'J9309', dose: '1.8 mg/kg', weight: '80 kg', height: '' },
  },
  { label: 'J9271 pembrolizumab 200 mg', form: { code: 'J9271', dose: '200 mg', weight: '', height: '' } },
];

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
          <td className="num">
            {l.amount.amount} {l.amount.unit}
          </td>
          <td className="mono">{l.ndc ? `N4 ${l.ndc.ndc11} ${l.ndc.unit}${l.ndc.quantity}` : '—'}</td>
        </tr>
      ))}
    </DataTable>
  );
}

export function UnitsPage() {
  const { asOf } = useSession();
  const { search } = useRouter();
  const [form, setForm] = useState<FormState>({
    code: search.get('code') ?? 'J9173',
    dose: search.get('dose') ?? '',
    weight: '',
    height: '',
    bsaFormula: 'mosteller',
    vials: '',
    opened: '',
    modifier340b: '',
  });
  const [result, setResult] = useState<UnitsResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const set = <K extends keyof FormState>(key: K, value: FormState[K]) =>
    setForm((f) => ({ ...f, [key]: value }));

  const compute = async (f: FormState) => {
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, string> = { code: f.code.trim(), dose: f.dose.trim(), date: asOf };
      if (f.weight.trim()) body['weight'] = f.weight.trim();
      if (f.height.trim()) body['height'] = f.height.trim();
      if (f.height.trim()) body['bsaFormula'] = f.bsaFormula;
      if (f.vials.trim()) body['vials'] = f.vials.trim();
      if (f.opened.trim()) body['opened'] = f.opened.trim();
      if (f.modifier340b) body['modifier340b'] = f.modifier340b;
      setResult(await sendJson<UnitsResult>('/api/units', 'POST', body));
    } catch (err) {
      setResult(null);
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  // Recompute when the as-of date changes (package sizes and limits are per date).
  useEffect(() => {
    if (result) void compute(form);
  }, [asOf]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void compute(form);
  };

  const perDose = /\/\s*(kg|m2|m²)/i.test(form.dose);
  const waste = result?.wasteAmount;
  return (
    <div className="page">
      <div className="page-head">
        <h1>Units calculator</h1>
        <p className="muted">
          Dose to billing units by CMS rules: administered units round up, discarded units round down, JW/JZ
          by container type.
        </p>
      </div>
      <div className="split">
        <Card title="Dose">
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
              <Field label="Dose" hint="750 mg · 1.8 mg/kg · 375 mg/m2 · AUC 5">
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
              <Field label="Weight" hint={perDose ? 'needed for a per-kg or per-m² dose' : 'kg or lb'}>
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
                  <select
                    id={id}
                    value={form.bsaFormula}
                    onChange={(e) => set('bsaFormula', e.target.value as FormState['bsaFormula'])}
                  >
                    <option value="mosteller">Mosteller</option>
                    <option value="dubois">DuBois</option>
                  </select>
                )}
              </Field>
            )}
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
            <Field label="340B modifier">
              {(id) => (
                <select
                  id={id}
                  value={form.modifier340b}
                  onChange={(e) => set('modifier340b', e.target.value as FormState['modifier340b'])}
                >
                  <option value="">none</option>
                  <option value="JG">JG</option>
                  <option value="TB">TB</option>
                </select>
              )}
            </Field>
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
                  onClick={() => {
                    const next = { ...form, vials: '', opened: '', ...ex.form };
                    setForm(next);
                    void compute(next);
                  }}
                >
                  {ex.label}
                </button>
              ))}
            </div>
          </form>
        </Card>
        <div className="page">
          <ErrorNote error={error} />
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
                  label={`administered units (${result.billingUnit.text} each)`}
                  value={result.administeredUnits}
                />
                <Stat
                  label="discarded units (JW)"
                  value={result.discardedUnits}
                  tone={result.discardedUnits > 0 ? 'warn' : 'good'}
                />
                <Stat label="drug wasted" value={waste ? `${waste.amount} ${waste.unit}` : '—'} />
                <Stat
                  label="billed at ASP limit"
                  value={dollarsFromCents(
                    (result.money.administeredCents ?? 0) + (result.money.discardedCents ?? 0),
                  )}
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
                  Dose {result.doseAmount.amount} {result.doseAmount.unit} · billing unit{' '}
                  {result.billingUnit.text} · ASP limit {dollarsFromMills(result.money.paymentLimitMills)} per
                  unit · packages{' '}
                  {result.openedBy === 'caller'
                    ? 'as opened'
                    : result.openedBy === 'optimizer'
                      ? 'chosen for least waste'
                      : 'not known'}
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
                        {w.message}
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
                          {a.packages.map((p) => `${p.count} × ${p.size.amount} ${p.size.unit}`).join(' + ')}
                        </td>
                        <td className="num">
                          {a.waste.amount} {a.waste.unit}
                        </td>
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
                      <strong>{r.title}</strong>: {r.detail}
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
