/** Paste what a web page or a policy says about codes; every statement is checked against the reference data. */
import { useState, type FormEvent } from 'react';
import { sendJson } from '../api.ts';
import { Badge, Card, DataTable, Empty, ErrorNote } from './ui.tsx';

interface Checked {
  text: string;
  line: number;
  code: string;
  /** outdated: true as written, but the code is not valid on the date (terminated or not yet added). */
  verdict: 'true' | 'false' | 'unknown' | 'outdated';
  actual: string;
  suggestion: string | null;
}

/** The longest text POST /api/factcheck takes (longer is a 413). */
const MAX_CHARS = 200_000;

const TONE = { true: 'good', false: 'bad', unknown: 'warn', outdated: 'bad' } as const;
const EXAMPLE =
  'J9312 is pemetrexed, billed per 10 mg.\nCode J9173 (durvalumab) is billed per 10 mg.\nModifier JW indicates that no drug was wasted.';

export function FactCheckCard({ date }: { date: string }) {
  const [text, setText] = useState('');
  const [result, setResult] = useState<{
    claims: Checked[];
    summary: { true: number; false: number; unknown: number; outdated: number };
  } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const run = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setResult(await sendJson('/api/factcheck', 'POST', { text, date }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="Fact-check a text about codes">
      <form onSubmit={(e) => void run(e)} aria-label="Fact check">
        <div className="field">
          <label htmlFor="factcheck-text">Paste an article, a policy or a note</label>
          <textarea
            id="factcheck-text"
            rows={4}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={EXAMPLE}
            required
            aria-describedby="factcheck-length"
          />
          {/* No maxLength: it would cut a longer paste silently, and only its start would be checked. */}
          <span
            id="factcheck-length"
            className={text.length > MAX_CHARS ? 'note note-warn small' : 'muted small'}
            role={text.length > MAX_CHARS ? 'alert' : undefined}
          >
            {text.length > MAX_CHARS
              ? `The text is ${text.length.toLocaleString('en-US')} characters; at most ${MAX_CHARS.toLocaleString('en-US')} are checked at once. Check it in parts.`
              : `${text.length.toLocaleString('en-US')} of at most ${MAX_CHARS.toLocaleString('en-US')} characters`}
          </span>
        </div>
        <div className="row">
          <button
            type="submit"
            className="btn btn-primary"
            disabled={busy || text.trim() === '' || text.length > MAX_CHARS}
          >
            {busy ? 'Checking…' : 'Check the statements'}
          </button>
          <button type="button" className="btn btn-quiet" onClick={() => setText(EXAMPLE)}>
            Use an example
          </button>
        </div>
      </form>
      <ErrorNote error={error} />
      {result &&
        (result.claims.length === 0 ? (
          <Empty>No statement tying a code to a drug, a unit or a modifier meaning was found.</Empty>
        ) : (
          <DataTable columns={['Statement', 'Verdict', 'What the data says']}>
            {result.claims.map((c, i) => (
              <tr key={i}>
                <td>
                  <span className="muted small">line {c.line}</span> {c.text}
                </td>
                <td>
                  <Badge tone={TONE[c.verdict]}>{c.verdict}</Badge>
                </td>
                <td>
                  {c.suggestion ?? c.actual}
                  {c.suggestion && <div className="muted small">{c.actual}</div>}
                </td>
              </tr>
            ))}
          </DataTable>
        ))}
    </Card>
  );
}
