/**
 * Code lookup: search as you type (code, drug, brand, NDC, descriptor words), the code's facts as of the chosen
 * date with the release each came from, and its billing guide.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { CodeFacts, ModifierFacts } from '../../../src/core/reference/code-facts.ts';
import { parseCodeWithModifiers } from '../../../src/core/reference/code-with-modifiers.ts';
import type { SearchHit, Sourced } from '../../../src/core/reference/model.ts';
import { getJson } from '../api.ts';
import {
  Badge,
  Card,
  DataTable,
  Empty,
  ErrorNote,
  num,
  SourceNote,
  Spinner,
  type Tone,
} from '../components/ui.tsx';
import { FactCheckCard } from '../components/factcheck.tsx';
import { GuideView } from '../components/guide.tsx';
import { dollarsFromCents, dollarsFromMills } from '../format.ts';
import { useRouter } from '../router.tsx';
import { useSession } from '../session.tsx';

const STATUS_TONE: Record<string, Tone> = { active: 'good', 'not-yet-valid': 'warn', terminated: 'bad' };
const MATCH_LABEL: Record<SearchHit['matchedBy'], string> = {
  code: 'code',
  ndc: 'NDC',
  brand: 'brand',
  drug: 'drug',
  descriptor: 'descriptor',
};

/**
 * "J9173-JZ", "j9173 jw", "J9173:JW-KX" → the code and its modifiers written "-JZ", as `drugclaim code` takes them;
 * undefined for anything else (a drug name, an NDC, a code alone).
 */
export function withModifiers(text: string): { code: string; suffix: string } | undefined {
  const parsed = parseCodeWithModifiers(text);
  if (!parsed.ok || parsed.value.modifiers.length === 0) return undefined;
  const { code, modifiers } = parsed.value;
  return { code, suffix: modifiers.map((x) => `-${x}`).join('') };
}

function SearchBox({ onPick }: { onPick: (code: string) => void }) {
  const { asOf } = useSession();
  const [text, setText] = useState('');
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const listId = useId();

  // A code with modifiers is searched by its code; the modifiers go with whatever is picked.
  const modified = withModifiers(text);
  const suffix = modified?.suffix ?? '';

  useEffect(() => {
    const q = withModifiers(text)?.code ?? text.trim();
    if (q.length < 2) {
      setHits([]);
      return;
    }
    const ctrl = new AbortController();
    // Debounce keystrokes; each new keystroke cancels the previous request.
    const timer = setTimeout(() => {
      setBusy(true);
      getJson<{ hits: SearchHit[] }>(
        `/api/search?q=${encodeURIComponent(q)}&limit=12&date=${asOf}`,
        ctrl.signal,
      )
        .then((r) => {
          setHits(r.hits);
          setActive(r.hits.length > 0 ? 0 : -1);
          setOpen(true);
          setError(null);
        })
        .catch((err: unknown) => {
          if (!(err instanceof DOMException && err.name === 'AbortError')) setError(err);
        })
        .finally(() => setBusy(false));
    }, 120);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [text, asOf]);

  const pick = (hit: SearchHit | undefined) => {
    if (!hit) return;
    setOpen(false);
    setText(`${hit.code}${suffix}`);
    onPick(`${hit.code}${suffix}`);
  };

  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
      setActive((i) => Math.min(i + 1, hits.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (open && hits[active]) pick(hits[active]);
      else if (modified) onPick(`${modified.code}${modified.suffix}`);
      else if (/^[A-Za-z]\d{4}$|^[A-Za-z0-9]{2}$/.test(text.trim())) onPick(text.trim().toUpperCase());
    } else if (e.key === 'Escape') {
      setOpen(false);
    }
  };

  return (
    <div className="search">
      <label htmlFor={`${listId}-input`} className="search-label">
        Find a code by code, drug, brand or NDC
      </label>
      <div className="search-row">
        <input
          id={`${listId}-input`}
          className="search-input"
          type="search"
          role="combobox"
          aria-expanded={open && hits.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open && active >= 0 ? `${listId}-opt-${active}` : undefined}
          placeholder="J9173, durvalumab, Imfinzi, 00310-4500-12…"
          value={text}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => {
            setText(e.target.value);
            setOpen(true);
          }}
          onKeyDown={onKey}
          onFocus={() => hits.length > 0 && setOpen(true)}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
          autoFocus
        />
        {busy && <Spinner label="" />}
      </div>
      <ErrorNote error={error} />
      {open && hits[0]?.correctedQuery !== undefined && (
        <p className="muted small" role="status">
          No exact match; showing results for “{hits[0].correctedQuery}”.
        </p>
      )}
      {open && hits.length > 0 && (
        <ul id={listId} role="listbox" className="search-results" aria-label="Matching codes">
          {hits.map((h, i) => (
            <li
              key={`${h.code}-${i}`}
              id={`${listId}-opt-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : ''}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(h);
              }}
              onMouseEnter={() => setActive(i)}
            >
              <span className="hit-code">
                {h.code}
                {suffix}
              </span>
              <span className="hit-desc">{h.longDescription}</span>
              <span className="hit-meta">
                <Badge tone="info">{MATCH_LABEL[h.matchedBy]}</Badge>
                {h.status !== 'active' && (
                  <Badge tone={STATUS_TONE[h.status] ?? 'neutral'}>{h.status.replace(/-/g, ' ')}</Badge>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
      {open && !busy && text.trim().length >= 2 && hits.length === 0 && !error && (
        <p className="muted small">No code matches “{text.trim()}”.</p>
      )}
    </div>
  );
}

/** A fact's source; for an absent fact whose dataset has no release for the date, that it is not known. */
function Src({ s, unknown = false }: { s: Sourced<unknown> | null; unknown?: boolean }) {
  if (s) return <SourceNote source={s.source} inForce={s.inForce} note={s.note} />;
  return unknown ? <>not known: no release for this date is loaded (see the note above)</> : null;
}

/** The API's answer: the code's facts and, for J9173-JZ, what each modifier is on the date. */
type LookupFacts = CodeFacts & { modifiers?: ModifierFacts[] };

function CodeFactsView({ facts }: { facts: LookupFacts }) {
  const h = facts.hcpcs?.value;
  const d = facts.descriptor;
  const mues = [facts.mue.practitioner, facts.mue.outpatientHospital, facts.mue.dme].filter(
    (m) => m !== null,
  );
  return (
    <div className="facts">
      <div className="facts-head">
        <h2 className="code-title">
          <span className="code-chip">
            {[facts.code, ...(facts.modifiers ?? []).map((m) => m.code)].join('-')}
          </span>
          {h ? h.longDescription : 'Not in the HCPCS Level II file'}
        </h2>
        <div className="facts-status">
          {facts.status &&
            (facts.status === 'active' && facts.hcpcs && !facts.hcpcs.inForce ? (
              // No release covers the date: "active" is only what the nearest release implies.
              <Badge tone="warn" title="No HCPCS release in the store covers this date">
                unknown on this date
              </Badge>
            ) : (
              <Badge tone={STATUS_TONE[facts.status] ?? 'neutral'}>{facts.status.replace(/-/g, ' ')}</Badge>
            ))}
          <span className="muted">{facts.statusText}</span>
        </div>
      </div>
      {facts.modifiers && facts.modifiers.length > 0 && (
        <ul className="modifiers" aria-label="Modifiers">
          {facts.modifiers.map((m) => (
            <li key={m.code}>
              <strong>modifier {m.code}</strong>{' '}
              {m.known ? (
                <>
                  {m.description}{' '}
                  <Badge tone={STATUS_TONE[m.status ?? ''] ?? 'neutral'}>
                    {(m.status ?? '').replace(/-/g, ' ')}
                  </Badge>{' '}
                  <span className="muted">{m.statusText}</span>{' '}
                  {m.source && <SourceNote source={m.source} inForce={m.inForce ?? false} />}
                </>
              ) : (
                <Badge tone="bad">{m.statusText}</Badge>
              )}
            </li>
          ))}
        </ul>
      )}
      {facts.notes.length > 0 && (
        <ul className="note note-warn">
          {facts.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      <div className="fact-grid">
        <div className="fact">
          <div className="fact-label">Billing unit</div>
          <div className="fact-value big">
            {d?.kind === 'parsed' ? `${d.billingUnit.amount} ${d.billingUnit.unit}` : '—'}
          </div>
          <div className="fact-src">
            {d?.kind === 'parsed'
              ? `“${d.billingUnit.text}” in the descriptor`
              : d
                ? `not parsed: ${d.reason}`
                : 'modifier'}
          </div>
        </div>
        <div className="fact">
          <div className="fact-label">Drug</div>
          <div className="fact-value">{d?.drugName ?? '—'}</div>
          <div className="fact-src">
            <Src s={facts.hcpcs} />
          </div>
        </div>
        <div className="fact">
          <div className="fact-label">ASP payment limit / unit</div>
          <div className="fact-value big">
            {facts.asp ? dollarsFromMills(facts.asp.value.paymentLimitMills) : '—'}
          </div>
          <div className="fact-src">
            <Src s={facts.asp} unknown={facts.notKnown.includes('asp')} />
          </div>
        </div>
        <div className="fact">
          <div className="fact-label">OPPS status indicator</div>
          <div className="fact-value">
            {facts.opps
              ? `${facts.opps.value.statusIndicator}${facts.opps.value.paymentRateMills !== null ? ` · ${dollarsFromMills(facts.opps.value.paymentRateMills)}` : facts.opps.value.paymentRateCents !== null ? ` · ${dollarsFromCents(facts.opps.value.paymentRateCents)}` : ''}`
              : '—'}
          </div>
          <div className="fact-src">
            <Src s={facts.opps} unknown={facts.notKnown.includes('opps')} />
          </div>
        </div>
        <div className="fact">
          <div className="fact-label">Coverage · pricing</div>
          <div className="fact-value">
            {h ? `${h.coverageCode || '—'} · ${h.pricingIndicators.join(', ') || '—'}` : '—'}
          </div>
          <div className="fact-src">
            added {h?.addedDate ?? '—'}
            {h?.terminationDate ? ` · ends ${h.terminationDate}` : ''}
          </div>
        </div>
      </div>

      <h3>Medically unlikely edits</h3>
      {mues.length === 0 ? (
        <Empty>
          {facts.notKnown.includes('mue-practitioner') || facts.notKnown.includes('mue-outpatient-hospital')
            ? 'Not known: no MUE release for this date is loaded (see the note above).'
            : 'No MUE for this code in the files in force.'}
        </Empty>
      ) : (
        <DataTable columns={['Setting', num('Units'), 'Adjudication (MAI)', 'Source']}>
          {mues.map((m) => (
            <tr key={m.value.setting}>
              <td>{m.value.setting.replace(/-/g, ' ')}</td>
              <td className="num">{m.value.value}</td>
              <td>{m.value.maiText || `MAI ${m.value.mai}`}</td>
              <td>
                <Src s={m} />
              </td>
            </tr>
          ))}
        </DataTable>
      )}

      <h3>NDC packages</h3>
      {!facts.ndcs || facts.ndcs.value.length === 0 ? (
        <Empty>
          {facts.notKnown.includes('ndc-crosswalk')
            ? 'Not known: no ASP NDC-HCPCS crosswalk release for this date is loaded (see the note above).'
            : 'No NDC in the ASP NDC-HCPCS crosswalk for this code.'}
        </Empty>
      ) : (
        <DataTable columns={['NDC', 'Product', 'Labeler', num('Billing units / package'), num('Amount')]}>
          {facts.ndcs.value.map((p) => (
            <tr key={p.ndc11}>
              <td className="mono">{p.ndcHyphenated}</td>
              <td>{p.drugName}</td>
              <td>{p.labelerName}</td>
              <td className="num">{p.billingUnitsPerPackage ?? '—'}</td>
              <td className="num">
                {p.amountPerPackage ? `${p.amountPerPackage.amount} ${p.amountPerPackage.unit}` : '—'}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {facts.ndcs && (
        <p className="fact-src">
          <Src s={facts.ndcs} />
        </p>
      )}
    </div>
  );
}

type View = 'facts' | 'guide';
const VIEWS: readonly View[] = ['facts', 'guide'];

/**
 * A tab of the code card; it controls the panel `panel-<name>`. ARIA tabs: only the selected tab is in the Tab
 * order; ←/→ (and Home/End) move to and select the other tab.
 */
function Tab({
  name,
  current,
  onSelect,
  children,
}: {
  name: View;
  current: View;
  onSelect: (name: View) => void;
  children: ReactNode;
}) {
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>) => {
    const at = VIEWS.indexOf(name);
    const to =
      e.key === 'ArrowRight'
        ? VIEWS[(at + 1) % VIEWS.length]
        : e.key === 'ArrowLeft'
          ? VIEWS[(at - 1 + VIEWS.length) % VIEWS.length]
          : e.key === 'Home'
            ? VIEWS[0]
            : e.key === 'End'
              ? VIEWS[VIEWS.length - 1]
              : undefined;
    if (!to) return;
    e.preventDefault();
    onSelect(to);
    document.getElementById(`tab-${to}`)?.focus();
  };
  return (
    <button
      type="button"
      role="tab"
      id={`tab-${name}`}
      aria-selected={current === name}
      aria-controls={`panel-${name}`}
      tabIndex={current === name ? 0 : -1}
      onClick={() => onSelect(name)}
      onKeyDown={onKeyDown}
    >
      {children}
    </button>
  );
}

export function LookupPage({ code }: { code?: string | undefined }) {
  const { asOf, epoch } = useSession();
  const { navigate, search, path } = useRouter();
  const [facts, setFacts] = useState<LookupFacts | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  // The tab is in the URL (?tab=guide), so Back, refresh and a copied link open the same view.
  const tab: View = search.get('tab') === 'guide' ? 'guide' : 'facts';
  const setTab = (next: View) => {
    if (next === tab) return;
    const q = new URLSearchParams(search);
    if (next === 'guide') q.set('tab', 'guide');
    else q.delete('tab');
    const qs = q.toString();
    navigate(`${path}${qs ? `?${qs}` : ''}`, { replace: true });
  };
  const headingRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!code) {
      setFacts(null);
      return;
    }
    const ctrl = new AbortController();
    setLoading(true);
    setError(null);
    getJson<LookupFacts>(`/api/codes/${encodeURIComponent(code)}?date=${asOf}`, ctrl.signal)
      .then(setFacts)
      .catch((err: unknown) => {
        if (!(err instanceof DOMException && err.name === 'AbortError')) {
          setFacts(null);
          setError(err);
        }
      })
      .finally(() => setLoading(false));
    return () => ctrl.abort();
  }, [code, asOf, epoch]);

  return (
    <div className="page">
      <div className="page-head">
        <h1>Code lookup</h1>
        <p className="muted">
          Every answer is for the as-of date (date of service) at the top right, and names the CMS file it
          came from.
        </p>
      </div>
      <Card>
        <SearchBox onPick={(c) => navigate(`/lookup/${encodeURIComponent(c)}`)} />
      </Card>
      {loading && <Spinner />}
      <ErrorNote error={error} />
      {facts && (
        <Card className="code-card">
          <div className="tabs" role="tablist" aria-label="Code views" ref={headingRef}>
            <Tab name="facts" current={tab} onSelect={setTab}>
              Facts as of {asOf}
            </Tab>
            <Tab name="guide" current={tab} onSelect={setTab}>
              Billing guide
            </Tab>
            <a
              className="btn btn-quiet tab-side"
              href={`/units?code=${facts.code}`}
              onClick={(e) => (e.preventDefault(), navigate(`/units?code=${facts.code}`))}
            >
              Compute units for {facts.code} →
            </a>
          </div>
          <div
            role="tabpanel"
            id={tab === 'facts' ? 'panel-facts' : 'panel-guide'}
            aria-labelledby={tab === 'facts' ? 'tab-facts' : 'tab-guide'}
          >
            {tab === 'facts' ? <CodeFactsView facts={facts} /> : <GuideView code={facts.code} date={asOf} />}
          </div>
        </Card>
      )}
      {!code && !loading && (
        <Card title="Try">
          <div className="chips">
            {['J9173', 'J9309', 'J9393', 'J9312', 'J1745', 'JW', 'JZ'].map((c) => (
              <button key={c} type="button" className="chip" onClick={() => navigate(`/lookup/${c}`)}>
                {c}
              </button>
            ))}
          </div>
          <p className="muted small">
            Search-as-you-type finds codes by drug or brand name and by NDC in any of its forms.
          </p>
        </Card>
      )}
      {!code && !loading && <FactCheckCard date={asOf} />}
    </div>
  );
}
