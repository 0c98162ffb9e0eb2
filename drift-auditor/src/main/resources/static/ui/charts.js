// Bar charts drawn as inline SVG: one bar per ISO week, the value over each bar, the week under it.
import { el, svg } from './dom.js';

const WIDTH = 520;
const HEIGHT = 200;
const PAD = { top: 18, right: 8, bottom: 34, left: 8 };

/**
 * A chart of {@code points} ([{week, value}]), {@code value} null where the week has no data;
 * {@code format(value)} labels the bars.
 */
export function barChart(title, points, format, attrs = {}) {
  const values = points.map(p => p.value).filter(v => v !== null && v !== undefined);
  const max = Math.max(1e-9, ...values);
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const slot = points.length ? plotWidth / points.length : plotWidth;
  const barWidth = Math.max(4, Math.min(48, slot * 0.7));
  const chart = svg('svg', {
    class: 'chart', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': title
  });
  chart.append(svg('line', {
    class: 'axis', x1: PAD.left, x2: WIDTH - PAD.right, y1: HEIGHT - PAD.bottom, y2: HEIGHT - PAD.bottom
  }));
  points.forEach((point, i) => {
    const x = PAD.left + i * slot + (slot - barWidth) / 2;
    const centre = x + barWidth / 2;
    const has = point.value !== null && point.value !== undefined;
    const h = has ? Math.max(1, point.value / max * plotHeight) : 0;
    const label = has ? format(point.value) : 'no data';
    const bar = svg('rect', {
      class: 'bar', x, y: HEIGHT - PAD.bottom - h, width: barWidth, height: h,
      'data-week': point.week, 'data-value': has ? point.value : ''
    }, svg('title', {}, `${point.week}: ${label}`));
    chart.append(bar);
    chart.append(svg('text', { class: 'value', x: centre, y: HEIGHT - PAD.bottom - h - 4, 'text-anchor': 'middle' },
      has ? label : ''));
    if (points.length <= 16 || i % Math.ceil(points.length / 16) === 0) {
      chart.append(svg('text', { class: 'tick', x: centre, y: HEIGHT - PAD.bottom + 14, 'text-anchor': 'middle' },
        point.week.substring(5)));
    }
  });
  if (!points.length) {
    chart.append(svg('text', { class: 'empty', x: WIDTH / 2, y: HEIGHT / 2, 'text-anchor': 'middle' },
      'no deployments in this range'));
  }
  return el('figure', Object.assign({ class: 'chart-box' }, attrs), el('figcaption', {}, title), chart);
}

/** The Monday (UTC) of every ISO week from {@code from} to {@code to}, as yyyy-mm-dd. */
export function weeks(from, to) {
  const out = [];
  const day = new Date(from);
  day.setUTCHours(0, 0, 0, 0);
  day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  const end = new Date(to);
  while (day < end && out.length < 60) {
    out.push(day.toISOString().substring(0, 10));
    day.setUTCDate(day.getUTCDate() + 7);
  }
  return out;
}
