/**
 * Small SVG charts drawn with attributes only (the CSP forbids inline styles). Each chart is one
 * image with a summary for screen readers, and its numbers in a table under a disclosure.
 */
import { h, s } from '../dom.js';
import { dataTable } from './table.js';

const WIDTH = 640;
const HEIGHT = 260;
const MARGIN = { top: 16, right: 16, bottom: 52, left: 76 };
const TICKS = 4;

/** 1, 2, 2.5 or 5 times a power of ten: axis steps people read at a glance. */
function niceStep(raw) {
  const power = 10 ** Math.floor(Math.log10(raw));
  const m = raw / power;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10) * power;
}

/**
 * points: [{ label, value }]; format turns a value into text for tooltips and the table,
 * tickFormat (shorter, by default the same) for the axis.
 * summary is the sentence a screen reader hears for the whole chart.
 */
export function barChart({ title, summary, points, xLabel, yLabel, format = String, tickFormat = format, series = 'a' }) {
  const highest = Math.max(0, ...points.map((p) => p.value));
  if (points.length === 0 || highest === 0) return h('p', { class: 'empty' }, `${title}: no data yet.`);
  const step = niceStep(highest / TICKS);
  const top = step * TICKS;
  const innerW = WIDTH - MARGIN.left - MARGIN.right;
  const innerH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const band = innerW / points.length;
  const y = (v) => MARGIN.top + innerH - (v / top) * innerH;
  // Crowded month labels overlap: show every n-th so at most a dozen are drawn.
  const labelEvery = Math.ceil(points.length / 12);

  const grid = Array.from({ length: TICKS + 1 }, (_, i) => {
    const v = step * i;
    return s(
      'g',
      { class: 'chart__tick' },
      s('line', { x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y(v), y2: y(v), class: i === 0 ? 'chart__axis' : 'chart__grid' }),
      s('text', { x: MARGIN.left - 8, y: y(v), 'text-anchor': 'end', 'dominant-baseline': 'middle' }, tickFormat(v)),
    );
  });
  const bars = points.map((p, i) => {
    const x = MARGIN.left + i * band;
    const barY = y(p.value);
    return s(
      'g',
      {},
      s('rect', { class: `chart__bar chart__bar--${series}`, x: x + band * 0.15, width: Math.max(1, band * 0.7), y: barY, height: MARGIN.top + innerH - barY }, s('title', {}, `${p.label}: ${format(p.value)}`)),
      i % labelEvery === 0 ? s('text', { class: 'chart__label', x: x + band / 2, y: MARGIN.top + innerH + 18, 'text-anchor': 'middle' }, p.label) : null,
    );
  });
  const axisTitles = [
    s('text', { class: 'chart__axis-title', x: MARGIN.left + innerW / 2, y: HEIGHT - 8, 'text-anchor': 'middle' }, xLabel),
    s('text', { class: 'chart__axis-title', x: 14, y: MARGIN.top + innerH / 2, 'text-anchor': 'middle', transform: `rotate(-90 14 ${MARGIN.top + innerH / 2})` }, yLabel),
  ];
  const svg = s(
    'svg',
    { class: 'chart', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': summary, preserveAspectRatio: 'xMidYMid meet' },
    s('title', {}, summary),
    ...grid,
    ...bars,
    ...axisTitles,
  );
  return h(
    'figure',
    { class: 'figure' },
    h('figcaption', {}, title),
    // Focusable so keyboard users can scroll it where it is wider than the screen.
    h('div', { class: 'chart-scroll', tabindex: '0', role: 'group', 'aria-label': title }, svg),
    h(
      'details',
      { class: 'figure__data' },
      h('summary', {}, `${title}: the numbers`),
      dataTable({ caption: `${title}: the numbers`, captionHidden: true, columns: [{ label: xLabel }, { label: yLabel, className: 'num' }], rows: points.map((p) => [p.label, format(p.value)]), rowHeader: true }),
    ),
  );
}

/** Horizontal bars as a list: each item reads "label count"; the bar itself is decoration. */
export function barList({ label, items, format = String }) {
  if (items.length === 0) return h('p', { class: 'empty' }, 'None yet.');
  const highest = Math.max(1, ...items.map((item) => item.value));
  return h(
    'ul',
    { class: 'barlist', 'aria-label': label },
    items.map((item) =>
      h(
        'li',
        {},
        h('span', { class: 'barlist__label' }, item.label),
        s('svg', { class: 'barlist__bar', viewBox: '0 0 100 8', preserveAspectRatio: 'none', 'aria-hidden': 'true', focusable: 'false' }, s('rect', { x: 0, y: 0, height: 8, width: (item.value / highest) * 100 })),
        h('span', { class: 'barlist__value' }, format(item.value)),
      ),
    ),
  );
}
