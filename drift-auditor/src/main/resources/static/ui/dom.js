// Small DOM helpers: every text goes in as text, never as markup.
const SVG = 'http://www.w3.org/2000/svg';

/** An element with attributes (on*: listeners) and children (strings become text). */
export function el(tag, attrs = {}, ...children) {
  return build(document.createElement(tag), attrs, children);
}

/** An SVG element, like {@link el}. */
export function svg(tag, attrs = {}, ...children) {
  return build(document.createElementNS(SVG, tag), attrs, children);
}

function build(node, attrs, children) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (key.startsWith('on') && typeof value === 'function') {
      node.addEventListener(key.substring(2), value);
    } else {
      node.setAttribute(key, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) {
      continue;
    }
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** A table with a header row and one row per item; {@code row(item)} gives the cells. */
export function table(headers, items, row, attrs = {}) {
  return el('table', attrs,
    el('thead', {}, el('tr', {}, headers.map(h => el('th', {}, h)))),
    el('tbody', {}, items.map(item => {
      const cells = row(item);
      const rowAttrs = cells.attrs || {};
      return el('tr', rowAttrs, (cells.cells || cells).map(c => c instanceof Node && c.tagName === 'TD' ? c : el('td', {}, c)));
    })));
}

/** An instant as UTC, e.g. 2026-11-02 10:02:00Z; '—' for none. */
export function time(value) {
  return value ? value.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '—';
}

/** Milliseconds as a short duration: 950ms, 45s, 3.5m, 2.1h, 1.2d. */
export function duration(ms) {
  if (ms === null || ms === undefined) {
    return '—';
  }
  const s = ms / 1000;
  if (Math.abs(s) < 1) return Math.round(ms) + 'ms';
  if (Math.abs(s) < 60) return round(s) + 's';
  if (Math.abs(s) < 3600) return round(s / 60) + 'm';
  if (Math.abs(s) < 86400) return round(s / 3600) + 'h';
  return round(s / 86400) + 'd';
}

function round(value) {
  return Math.abs(value) >= 10 ? String(Math.round(value)) : String(Math.round(value * 10) / 10);
}

/** The first 8 characters of a commit sha. */
export function short(sha) {
  return sha ? sha.substring(0, 8) : '—';
}

/** A repository without its registry host, to fit in a column. */
export function appName(repository) {
  const slash = repository.indexOf('/');
  return slash > 0 && /[.:]|^localhost$/.test(repository.substring(0, slash)) ? repository.substring(slash + 1) : repository;
}

/** A status word as a badge whose class tells its colour. */
export function badge(text, kind = text) {
  return el('span', { class: 'badge badge-' + String(kind || 'none').toLowerCase().replace(/[^a-z_]/g, '') }, text || '—');
}
