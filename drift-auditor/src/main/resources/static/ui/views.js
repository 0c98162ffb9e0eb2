// The views: each builds its controls once (setup) and reloads its data on demand (refresh), so a live update
// keeps what the user typed.
import { get } from './api.js';
import { barChart, weeks } from './charts.js';
import { appName, badge, duration, el, short, table, time } from './dom.js';

/** A view whose results area is refreshed by {@code load(results)}; controls stay as they are. */
function view(controls, load) {
  const results = el('div', { class: 'results' });
  return {
    node: el('div', {}, controls || '', results),
    refresh: async () => {
      const next = await load();
      results.replaceChildren(...[next].flat().filter(Boolean));
    }
  };
}

function traceLink(ref, text = short(ref)) {
  return el('a', { href: '#/trace/' + encodeURIComponent(ref), class: 'sha', title: ref }, text);
}

function empty(text) {
  return el('p', { class: 'empty' }, text);
}

/** Fleet matrix: clusters × applications, each cell the running versions, health and open drift. */
export function fleet() {
  const filter = el('input', { id: 'fleet-filter', type: 'search', placeholder: 'filter clusters and applications' });
  let data = null;
  const v = view(el('div', { class: 'controls' }, filter), async () => {
    data = await get('/fleet');
    return matrix(data, filter.value.trim().toLowerCase());
  });
  filter.addEventListener('input', () => {
    if (data) {
      v.node.querySelector('.results').replaceChildren(matrix(data, filter.value.trim().toLowerCase()));
    }
  });
  return v;
}

function matrix(data, text) {
  const matches = name => !text || name.toLowerCase().includes(text);
  let clusters = data.clusters.filter(c => matches(c.cluster));
  let applications = data.applications.filter(a => matches(a));
  if (!clusters.length && !applications.length) {
    return empty(data.clusters.length ? `No cluster or application matches "${text}".` : 'No cluster in the release log yet.');
  } else if (!clusters.length) {
    clusters = data.clusters.filter(c => data.cells.some(cell => cell.cluster === c.cluster && applications.includes(cell.application)));
  } else if (!applications.length) {
    applications = data.applications.filter(a => data.cells.some(cell => cell.application === a && clusters.some(c => c.cluster === cell.cluster)));
  }
  const cells = new Map(data.cells.map(c => [c.cluster + '|' + c.application, c]));
  return el('table', { id: 'matrix', class: 'matrix' },
    el('thead', {}, el('tr', {}, el('th', {}, 'Cluster'), el('th', {}, 'Applied'),
      applications.map(a => el('th', { title: a, 'data-application': a }, appName(a))))),
    el('tbody', {}, clusters.map(c => el('tr', { 'data-cluster': c.cluster },
      el('th', { scope: 'row' }, c.cluster, c.openDrift ? el('span', { class: 'drift-count', title: 'objects with open drift' }, ' ⚠ ' + c.openDrift) : ''),
      el('td', { class: 'head' }, c.commitSha ? traceLink(c.commitSha) : '—', ' ', badge(c.status),
        c.lastResult === 'APPLY_FAILED' ? el('div', { class: 'failed' }, 'last apply failed ' + time(c.lastAt)) : '',
        el('div', { class: 'muted' }, time(c.appliedAt))),
      applications.map(a => cell(cells.get(c.cluster + '|' + a), c.cluster, a))))));
}

function cell(c, cluster, application) {
  if (!c) {
    return el('td', { class: 'cell none', 'data-cluster': cluster, 'data-application': application }, '—');
  }
  return el('td', {
    class: 'cell health-' + c.health.toLowerCase(), 'data-cluster': cluster, 'data-application': application,
    title: `${c.workloads} workload(s), since ${time(c.since)}`
  },
  el('a', { class: 'version', href: '#/where/' + encodeURIComponent(application) }, c.versions.join(', ') || '?'),
  ' ', badge(c.health),
  c.openDrift ? el('a', { class: 'drift', href: '#/drift' }, ` ⚠ ${c.openDrift} drift`) : '');
}

/** Release timeline: each commit with its steps, newest first; a click opens its trace. */
export function releases() {
  let pages = 1;
  const more = el('button', { type: 'button', id: 'more-releases' }, 'Older releases');
  const v = view(null, async () => {
    const items = [];
    let hasMore = false;
    for (let page = 0; page < pages; page++) {
      const answer = await get('/releases', { page, size: 20 });
      items.push(...answer.items);
      hasMore = answer.more;
    }
    if (!items.length) {
      return empty('No release in the release log yet.');
    }
    more.hidden = !hasMore;
    return [el('ol', { id: 'timeline', class: 'timeline' }, items.map(release)), more];
  });
  more.addEventListener('click', () => {
    pages++;
    v.refresh();
  });
  return v;
}

function release(r) {
  const open = () => { location.hash = '#/trace/' + encodeURIComponent(r.sha); };
  const steps = [];
  if (r.discoveredAt) {
    steps.push(el('li', { class: 'step found' }, 'found ', time(r.discoveredAt)));
  }
  steps.push(el('li', { class: 'step committed' }, 'committed ', time(r.at),
    r.discoveredAt ? ` (+${duration(Date.parse(r.at) - Date.parse(r.discoveredAt))})` : ''));
  for (const a of r.applies) {
    steps.push(el('li', { class: 'step applied', 'data-cluster': a.cluster },
      a.cluster + ': ', badge(a.status.split(' ')[0], a.status.startsWith('APPLY_FAILED') ? 'failed' : a.status),
      ' ', time(a.at), ` (+${duration(a.sinceCommitMs)})`));
  }
  return el('li', {
    class: 'release', 'data-sha': r.sha, tabindex: 0, role: 'link', onclick: open,
    onkeydown: e => { if (e.key === 'Enter') open(); }
  },
  el('div', { class: 'release-head' }, el('span', { class: 'sha' }, short(r.sha)), ' ',
    r.byShiplog ? badge('Shiplog', 'shiplog') : el('span', { class: 'author' }, r.author || 'someone'), ' ',
    r.images.length ? r.images.map(i => el('code', {}, appName(i))) : el('span', { class: 'muted' }, 'no image change'),
    el('span', { class: 'muted' }, ` ${r.configRepo}#${r.branch}`)),
  el('ol', { class: 'steps' }, steps));
}

/** One release's trace: discovered → committed → applied per cluster → drift. */
export function trace(ref) {
  const input = el('input', { id: 'trace-ref', type: 'search', value: ref || '', size: 60,
    placeholder: 'repository:tag, tag, sha256:digest or commit sha' });
  const form = el('form', { class: 'controls', onsubmit: e => {
    e.preventDefault();
    location.hash = '#/trace/' + encodeURIComponent(input.value.trim());
  } }, input, el('button', { type: 'submit' }, 'Trace'));
  return view(form, async () => {
    if (!ref) {
      return empty('Name a tag, digest or commit to follow it through the fleet.');
    }
    const t = await get('/trace', { ref });
    return el('div', { id: 'trace' },
      el('p', {}, `${t.refKind} ${t.ref}`, t.discoveredToLastApplyMs !== null
        ? ` — discovered to last apply: ${duration(t.discoveredToLastApplyMs)}` : ''),
      section('Found', t.discovered, ['Image', 'Digest', 'Event', 'Source', 'At'],
        d => [d.repository + ':' + d.tag, short(d.digest && d.digest.replace('sha256:', '')), d.type, d.source, time(d.at)]),
      section('Skipped', t.skipped, ['Image', 'Reason', 'Detail', 'At'],
        s => [s.repository + ':' + s.tag, s.reason, s.detail || '', time(s.at)]),
      section('Committed', t.commits, ['Commit', 'By', 'Repository', 'At', 'After discovery'],
        c => [traceLink(c.sha), c.byShiplog ? 'Shiplog' : (c.author || '?'), `${c.configRepo}#${c.branch}`, time(c.at),
          duration(c.sinceDiscoveryMs)]),
      section('Applied per cluster', t.applies, ['Cluster', 'Commit', 'Status', 'Health', 'At', 'After commit'],
        a => ({ attrs: { 'data-cluster': a.cluster }, cells: [a.cluster, short(a.commitSha), badge(a.status.split(' ')[0],
          a.status.startsWith('APPLY_FAILED') ? 'failed' : a.status), badge(a.health), time(a.at), duration(a.sinceCommitMs)] }),
        'trace-applies'),
      section('Drift', t.drift, ['Cluster', 'Object', 'Kind', 'Fields', 'At'],
        d => [d.cluster, d.object, d.driftKind, fields(d.fieldPaths ? d.fieldPaths.split(',') : []), time(d.at)]));
  });
}

function section(title, items, headers, row, id) {
  if (!items || !items.length) {
    return '';
  }
  return el('section', {}, el('h3', {}, title), table(headers, items, row, id ? { id } : {}));
}

function fields(paths) {
  return el('span', { class: 'fields' }, paths.map(p => el('code', { class: 'field-path' }, p)));
}

/** Where an image repository runs now, per cluster and workload. */
export function where(repository) {
  const input = el('input', { id: 'where-repository', type: 'search', value: repository || '', size: 60,
    placeholder: 'image repository, e.g. registry.example.com/shop/web' });
  const form = el('form', { class: 'controls', onsubmit: e => {
    e.preventDefault();
    location.hash = '#/where/' + encodeURIComponent(input.value.trim());
  } }, input, el('button', { type: 'submit' }, 'Find'));
  return view(form, async () => {
    if (!repository) {
      return empty('Name an image repository to see where it runs now.');
    }
    const page = await get('/images/locations', { repository, size: 500 });
    if (!page.items.length) {
      return empty(`${repository} runs nowhere now.`);
    }
    return table(['Cluster', 'Workload', 'Tag', 'Digest', 'Since'], page.items,
      l => ({ attrs: { 'data-cluster': l.cluster }, cells: [l.cluster, `${l.kind}/${l.namespace ? l.namespace + '/' : ''}${l.name}`,
        l.tag || '—', l.digest ? traceLink(l.digest, short(l.digest.replace('sha256:', ''))) : '—', time(l.since)] }),
      { id: 'locations' });
  });
}

/** Drift of the fleet with the field paths that differ; open only or all. */
export function drift() {
  const open = el('input', { id: 'drift-open', type: 'checkbox', checked: true });
  const cluster = el('input', { id: 'drift-cluster', type: 'search', placeholder: 'cluster (all)' });
  const v = view(el('form', { class: 'controls', onsubmit: e => { e.preventDefault(); v.refresh(); } },
    el('label', {}, open, ' open only'), ' ', cluster, el('button', { type: 'submit', id: 'drift-show' }, 'Show')), async () => {
    const page = await get('/drift', { cluster: cluster.value.trim(), open: open.checked, size: 500 });
    if (!page.items.length) {
      return empty(open.checked ? 'No open drift: the fleet matches git.' : 'No drift detected.');
    }
    return table(['Detected', 'Cluster', 'Object', 'Kind', 'Fields', 'Commit', 'Resolved'], page.items,
      d => ({ attrs: { 'data-cluster': d.cluster, 'data-object': d.object }, cells: [time(d.detectedAt), d.cluster, d.object,
        d.driftKind, fields(d.fieldPaths), d.commitSha ? traceLink(d.commitSha) : '—',
        d.resolvedAt ? time(d.resolvedAt) : badge('open', 'degraded')] }), { id: 'drift-list' });
  });
  open.addEventListener('change', () => v.refresh());
  return v;
}

/**
 * DORA charts per week for the fleet, one cluster, one application or both. The fleet's table is per cluster, or per
 * cluster and application when asked (its first rows, as many as asked for); one cluster's or application's is per
 * cluster and application.
 */
export function dora() {
  const now = new Date();
  const day = d => d.toISOString().substring(0, 10);
  const from = el('input', { id: 'dora-from', type: 'date', value: day(new Date(now.getTime() - 28 * 86400000)) });
  const to = el('input', { id: 'dora-to', type: 'date', value: day(new Date(now.getTime() + 86400000)) });
  const cluster = el('select', { id: 'dora-cluster' }, el('option', { value: '' }, 'all clusters'));
  const application = el('select', { id: 'dora-application' }, el('option', { value: '' }, 'all applications'));
  const perApplication = el('input', { id: 'dora-per-application', type: 'checkbox' });
  const limit = el('input', { id: 'dora-limit', type: 'number', min: 1, max: 5000, value: 1000, size: 5 });
  const fleetOptions = el('span', { id: 'dora-fleet-options' },
    el('label', {}, perApplication, ' per application'), el('label', {}, ' first ', limit, ' rows'));
  const showOptions = () => {
    const fleetWide = !cluster.value && !application.value;
    fleetOptions.hidden = !fleetWide;
    limit.disabled = !perApplication.checked;
  };
  [cluster, application, perApplication].forEach(control => control.addEventListener('change', showOptions));
  showOptions();
  const fillChoices = async () => {
    const fleetData = await get('/fleet');
    for (const [select, values] of [[cluster, fleetData.clusters.map(c => c.cluster)], [application, fleetData.applications]]) {
      const known = new Set([...select.options].map(o => o.value));
      values.filter(value => !known.has(value)).forEach(value => select.append(el('option', { value }, value)));
    }
  };
  const v = view(el('form', { class: 'controls', onsubmit: e => { e.preventDefault(); v.refresh(); } },
    el('label', {}, 'from ', from), el('label', {}, ' to ', to), ' ', cluster, ' ', application, ' ', fleetOptions,
    el('button', { type: 'submit', id: 'dora-show' }, 'Show')), async () => {
    await fillChoices();
    const params = { from: from.value, to: to.value, cluster: cluster.value, application: application.value };
    const report = await get('/dora', params);
    if (!fleetOptions.hidden && perApplication.checked) {
      // the charts from every cluster's rows; the table from the first rows per cluster and application
      const rows = await get('/dora', { ...params, by: 'application', limit: limit.value });
      return doraCharts(report, rows);
    }
    return doraCharts(report, report);
  });
  return v;
}

/** The charts of {@code r}'s rows and the table of {@code rows}' (by cluster, or by cluster and application). */
function doraCharts(r, rows) {
  const all = weeks(r.from, r.to);
  const byWeek = new Map(all.map(w => [w, { deployments: 0, failed: 0, leadSum: 0, leadCount: 0, restore: [] }]));
  for (const d of r.deliveries) {
    const w = byWeek.get(d.week);
    if (!w) continue;
    w.deployments += d.deployments;
    w.failed += d.failedDeployments;
    if (d.leadTimeP50Ms !== null) {
      w.leadSum += d.leadTimeP50Ms * d.deployments;
      w.leadCount += d.deployments;
    }
  }
  for (const x of r.restores) {
    const w = byWeek.get(x.week);
    if (w && x.timeToRestoreP50Ms !== null) w.restore.push(x.timeToRestoreP50Ms);
  }
  const points = f => all.map(week => ({ week, value: f(byWeek.get(week)) }));
  const percent = v => Math.round(v * 1000) / 10 + '%';
  const perCluster = rows.by === 'cluster';
  const cut = rows.deliveries.length < rows.deliveriesTotal;
  return el('div', { id: 'dora' },
    el('dl', { class: 'summary' },
      el('dt', {}, 'Deployments'), el('dd', { id: 'dora-deployments' }, `${r.deployments} (${r.deploymentsPerWeek}/week)`),
      el('dt', {}, 'Lead time p50 / p90'), el('dd', {}, `${duration(r.leadTimeP50Ms)} / ${duration(r.leadTimeP90Ms)}`),
      el('dt', {}, 'Change failure rate'), el('dd', {}, percent(r.changeFailureRate)),
      el('dt', {}, 'Time to restore p50'), el('dd', {}, duration(r.timeToRestoreP50Ms))),
    el('div', { class: 'charts' },
      barChart('Deployment frequency (per week)', points(w => w.deployments || null), v => String(v), { id: 'chart-frequency' }),
      barChart('Lead time, discovered → applied (p50, deployment-weighted)', points(w => w.leadCount ? w.leadSum / w.leadCount : null), duration, { id: 'chart-lead' }),
      barChart('Change failure rate', points(w => w.deployments ? w.failed / w.deployments : null), percent, { id: 'chart-failure' }),
      barChart('Time to restore (p50 of the slowest cluster)', points(w => w.restore.length ? Math.max(...w.restore) : null), duration, { id: 'chart-restore' })),
    el('h3', {}, perCluster ? 'Per cluster' : 'Per cluster and application'),
    cut ? el('p', { class: 'empty', id: 'dora-cut' }, `first ${rows.deliveries.length} of ${rows.deliveriesTotal} rows`) : '',
    table(perCluster ? ['Cluster', 'Deployments', 'Failed', 'Change failure rate', 'Lead time p50']
      : ['Cluster', 'Application', 'Deployments', 'Failed', 'Change failure rate', 'Lead time p50'], perPair(rows.deliveries),
      p => ({ attrs: { 'data-cluster': p.cluster, 'data-application': p.application }, cells: [p.cluster,
        ...(perCluster ? [] : [appName(p.application)]), p.deployments, p.failed,
        p.deployments ? percent(p.failed / p.deployments) : '—', duration(p.leadCount ? p.leadSum / p.leadCount : null)] }),
      { id: 'dora-pairs' }));
}

function perPair(deliveries) {
  const pairs = new Map();
  for (const d of deliveries) {
    const key = d.cluster + '|' + d.application;
    const p = pairs.get(key) || { cluster: d.cluster, application: d.application, deployments: 0, failed: 0, leadSum: 0, leadCount: 0 };
    p.deployments += d.deployments;
    p.failed += d.failedDeployments;
    if (d.leadTimeP50Ms !== null) {
      p.leadSum += d.leadTimeP50Ms * d.deployments;
      p.leadCount += d.deployments;
    }
    pairs.set(key, p);
  }
  return [...pairs.values()].sort((a, b) => (a.cluster + (a.application || '')).localeCompare(b.cluster + (b.application || '')));
}
