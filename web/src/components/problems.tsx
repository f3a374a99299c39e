/**
 * The problems met reading a file, errors and warnings alike, each with its place in the file (file, line, segment,
 * element) as the CLI prints it. A big file may draw thousands: the list opens on demand and shows at most `max`,
 * errors first, with a count of those not shown.
 */
import { formatPosition } from '../../../src/core/problem.ts';
import type { ApiProblem } from '../api.ts';
import { plural, visible } from '../format.ts';
import { Badge } from './ui.tsx';

/** Problems listed at most: enough to see what went wrong, few enough to render at once. */
export const PROBLEMS_SHOWN = 100;

const SEVERITY_ORDER: readonly ApiProblem['severity'][] = ['error', 'warning', 'info'];
const TONE = { error: 'bad', warning: 'warn', info: 'info' } as const;

export function ProblemList({
  problems,
  max = PROBLEMS_SHOWN,
  open = problems.length <= 10,
  hint = 'drugclaim check FILE on the server lists every one.',
  omitted = 0,
}: {
  problems: readonly ApiProblem[];
  max?: number;
  /** Problems the server counted but did not send (an import lists at most 200 a file): said with those not shown. */
  omitted?: number;
  /** Opened at first: by default when the list is short. */
  open?: boolean;
  /** Where to see those not shown. */
  hint?: string;
}) {
  if (problems.length === 0 && omitted === 0) return null;
  const count = (severity: ApiProblem['severity']) => problems.filter((p) => p.severity === severity).length;
  const counts = [
    ...SEVERITY_ORDER.flatMap((s) => (count(s) > 0 ? [plural(count(s), s === 'info' ? 'note' : s)] : [])),
    ...(omitted > 0 ? [`${omitted.toLocaleString('en-US')} not listed`] : []),
  ];
  // Errors first, each severity in file order: the cap never hides an error behind warnings.
  const shown = SEVERITY_ORDER.flatMap((s) => problems.filter((p) => p.severity === s)).slice(0, max);
  const hidden = problems.length - shown.length + omitted;
  return (
    <details className="problems" open={open}>
      <summary>
        {plural(problems.length + omitted, 'problem')} while reading ({counts.join(', ')})
      </summary>
      <ul className="small">
        {shown.map((p, i) => {
          const where = formatPosition(p.at);
          return (
            <li key={i}>
              <Badge tone={TONE[p.severity]}>{p.severity}</Badge>{' '}
              {where && <span className="muted">{visible(where)}: </span>}
              {visible(p.message)}
            </li>
          );
        })}
      </ul>
      {hidden > 0 && (
        <p className="muted small">
          {plural(hidden, 'more problem')} not shown. {hint}
        </p>
      )}
    </details>
  );
}
