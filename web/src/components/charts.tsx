/**
 * Charts drawn as SVG by React: horizontal bars for rankings, columns with a line for amounts over time.
 * Each chart has a text alternative (a visually hidden table, with exact figures) for screen readers; bars that
 * open something are links reachable with Tab and opened with Enter or Space.
 */
import { useId, type KeyboardEvent } from 'react';

export interface Datum {
  key: string;
  label: string;
  value: number;
  /** Secondary figure shown after the bar (e.g. a count). */
  extra?: string;
}

const PALETTE = [
  '#0f5c8c',
  '#2f8ac4',
  '#4aa3a2',
  '#e39b2f',
  '#c8553d',
  '#7b61a8',
  '#5b8c3a',
  '#9c6b4e',
  '#6c7a89',
  '#b8467a',
];

export function colorFor(i: number): string {
  return PALETTE[i % PALETTE.length] ?? '#0f5c8c';
}

/**
 * What every chart takes: a title (also its accessible name), the data and how to print a value on the chart;
 * `exact` prints it in the text alternative (e.g. dollars and cents where the chart says "$29k").
 */
export interface ChartProps {
  title: string;
  data: Datum[];
  format: (v: number) => string;
  exact?: (v: number) => string;
}

function HiddenTable({
  caption,
  rows,
  format,
}: {
  caption: string;
  rows: Datum[];
  format: (v: number) => string;
}) {
  return (
    <div className="sr-only">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.label}</th>
              <td>
                {format(r.value)}
                {r.extra ? ` (${r.extra})` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A label in at most two lines of about `width` characters, the second cut with "…" when still too long. */
export function labelLines(label: string, width = 30): string[] {
  if (label.length <= width) return [label];
  const cut = label.lastIndexOf(' ', width);
  const first = cut > width / 2 ? label.slice(0, cut) : label.slice(0, width);
  const rest = label.slice(first.length).trim();
  return [first, rest.length > width ? `${rest.slice(0, width - 1)}…` : rest];
}

/** Ranked horizontal bars: label left (up to two lines), bar, value right. */
export function BarChart({
  title,
  data,
  format,
  exact,
  max = 8,
  onSelect,
  selectHint = 'open in the worklist',
}: ChartProps & {
  max?: number;
  onSelect?: (key: string) => void;
  /** What choosing a bar does, for its accessible name. */
  selectHint?: string;
}) {
  const rows = [...data].sort((a, b) => b.value - a.value).slice(0, max);
  const top = Math.max(1, ...rows.map((r) => r.value));
  const wrapped = rows.map((r) => labelLines(r.label));
  const rowH = wrapped.some((l) => l.length > 1) ? 40 : 30;
  const labelW = 200;
  const valueW = 120;
  const width = 580;
  const barW = width - labelW - valueW;
  const height = Math.max(rowH, rows.length * rowH);
  const titleId = useId();
  if (rows.length === 0) return <p className="empty">Nothing to chart yet.</p>;
  const say = exact ?? format;
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role={onSelect ? 'group' : 'img'}
        aria-labelledby={titleId}
        preserveAspectRatio="xMinYMin meet"
      >
        <title id={titleId}>{title}</title>
        {rows.map((r, i) => {
          const y = i * rowH;
          const w = Math.max(2, (r.value / top) * barW);
          const lines = wrapped[i] ?? [r.label];
          const mid = y + rowH / 2 + 4;
          const select = onSelect ? () => onSelect(r.key) : undefined;
          const onKey = (e: KeyboardEvent<SVGGElement>) => {
            if (select && (e.key === 'Enter' || e.key === ' ')) {
              e.preventDefault();
              select();
            }
          };
          return (
            <g
              key={r.key}
              className={onSelect ? 'bar clickable' : 'bar'}
              onClick={select}
              {...(onSelect
                ? {
                    role: 'link',
                    tabIndex: 0,
                    onKeyDown: onKey,
                    'aria-label': `${r.label}: ${say(r.value)}${r.extra ? ` ${r.extra}` : ''}, ${selectHint}`,
                  }
                : { 'aria-hidden': true })}
            >
              <text
                x={labelW - 8}
                y={lines.length > 1 ? mid - 7 : mid}
                textAnchor="end"
                className="chart-label"
                aria-hidden="true"
              >
                <title>{r.label}</title>
                {lines.map((l, j) => (
                  <tspan key={j} x={labelW - 8} dy={j === 0 ? 0 : 14}>
                    {l}
                  </tspan>
                ))}
              </text>
              <rect x={labelW} y={y + 5} width={barW} height={rowH - 10} rx={4} className="bar-track" />
              <rect
                x={labelW}
                y={y + 5}
                width={w}
                height={rowH - 10}
                rx={4}
                fill={colorFor(i)}
                className="bar-fill"
              />
              <text x={labelW + barW + 8} y={mid} className="chart-value" aria-hidden="true">
                {format(r.value)}
                {r.extra ? `  ${r.extra}` : ''}
              </text>
            </g>
          );
        })}
      </svg>
      <HiddenTable caption={title} rows={rows} format={say} />
    </figure>
  );
}

/** Columns per period with a running-total line. */
export function TimeChart({ title, data, format, exact }: ChartProps) {
  const titleId = useId();
  if (data.length === 0) return <p className="empty">Nothing to chart yet.</p>;
  const width = 560;
  const height = 220;
  const padL = 56;
  const padB = 28;
  const padT = 12;
  const plotW = width - padL - 8;
  const plotH = height - padB - padT;
  let running = 0;
  const cumulative = data.map((d) => (running += d.value));
  const top = Math.max(1, ...data.map((d) => d.value), ...cumulative);
  const step = plotW / data.length;
  const colW = Math.min(48, step * 0.6);
  const y = (v: number) => padT + plotH - (v / top) * plotH;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * top);
  const line = cumulative
    .map((v, i) => `${i === 0 ? 'M' : 'L'}${padL + step * i + step / 2},${y(v)}`)
    .join(' ');
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={titleId}>
        <title id={titleId}>{title}</title>
        <g aria-hidden="true">
          {ticks.map((t) => (
            <g key={t}>
              <line x1={padL} x2={width - 8} y1={y(t)} y2={y(t)} className="grid" />
              <text x={padL - 6} y={y(t) + 4} textAnchor="end" className="chart-axis">
                {format(t)}
              </text>
            </g>
          ))}
          {data.map((d, i) => (
            <g key={d.key}>
              <rect
                x={padL + step * i + (step - colW) / 2}
                y={y(d.value)}
                width={colW}
                height={padT + plotH - y(d.value)}
                rx={3}
                fill={colorFor(1)}
              >
                <title>
                  {d.label}: {format(d.value)}
                </title>
              </rect>
              <text x={padL + step * i + step / 2} y={height - 8} textAnchor="middle" className="chart-axis">
                {d.label}
              </text>
            </g>
          ))}
          <path d={line} fill="none" stroke={colorFor(3)} strokeWidth={2.5} />
          {cumulative.map((v, i) => (
            <circle key={i} cx={padL + step * i + step / 2} cy={y(v)} r={3.5} fill={colorFor(3)} />
          ))}
        </g>
      </svg>
      <figcaption className="legend">
        <span>
          <i style={{ background: colorFor(1) }} /> per month
        </span>
        <span>
          <i style={{ background: colorFor(3) }} /> running total
        </span>
      </figcaption>
      <HiddenTable caption={title} rows={data} format={exact ?? format} />
    </figure>
  );
}

/** A ring showing shares of a whole, with a legend. */
export function Donut({ title, data, format }: ChartProps) {
  const titleId = useId();
  const total = data.reduce((s, d) => s + d.value, 0);
  if (total <= 0) return <p className="empty">Nothing to chart yet.</p>;
  const r = 60;
  const c = 2 * Math.PI * r;
  let offset = 0;
  return (
    <figure className="chart donut">
      <svg viewBox="0 0 160 160" role="img" aria-labelledby={titleId} width="160" height="160">
        <title id={titleId}>{title}</title>
        <g transform="rotate(-90 80 80)" aria-hidden="true">
          {data.map((d, i) => {
            const len = (d.value / total) * c;
            const el = (
              <circle
                key={d.key}
                cx="80"
                cy="80"
                r={r}
                fill="none"
                stroke={colorFor(i)}
                strokeWidth="22"
                strokeDasharray={`${len} ${c - len}`}
                strokeDashoffset={-offset}
              />
            );
            offset += len;
            return el;
          })}
        </g>
        <text x="80" y="78" textAnchor="middle" className="donut-total" aria-hidden="true">
          {format(total)}
        </text>
        <text x="80" y="96" textAnchor="middle" className="chart-axis" aria-hidden="true">
          total
        </text>
      </svg>
      <ul className="donut-legend" aria-hidden="true">
        {data.map((d, i) => (
          <li key={d.key}>
            <i style={{ background: colorFor(i) }} />
            {d.label} <strong>{format(d.value)}</strong>
          </li>
        ))}
      </ul>
      <HiddenTable caption={title} rows={data} format={format} />
    </figure>
  );
}
