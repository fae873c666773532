// Tally's dashboard: plain JavaScript over the public API (/api/v1/analytics, /api/v1/events/export) with
// the key the user gives; Chart.js (served from Tally's jar) draws the time series. ADR 0121.
'use strict';

const KEY_STORE = 'tally.apiKey';
const TOP = 10;
// Each top list: the analytics group-by, the row field shown, the filter a click adds, and the values
// that cannot be filtered by (the API writes "(direct)" for an empty referer).
const LISTS = [
  {groupBy: 'countries', title: 'Countries', filter: 'country', value: row => row.country, label: row => row.country || '(unknown)'},
  {groupBy: 'cities', title: 'Cities', filter: 'city', value: row => row.city,
    label: row => row.city ? row.city + (row.country ? ', ' + row.country : '') : '(unknown)'},
  {groupBy: 'devices', title: 'Devices', filter: 'device', value: row => row.device, label: row => row.device},
  {groupBy: 'browsers', title: 'Browsers', filter: 'browser', value: row => row.browser, label: row => row.browser},
  {groupBy: 'referers', title: 'Referers', filter: 'referer', value: row => row.referer === '(direct)' ? '' : row.referer, label: row => row.referer},
  {groupBy: 'top_links', title: 'Links', filter: 'linkId', value: row => row.id, label: row => row.shortLink || row.id},
  {groupBy: 'utm_campaigns', title: 'UTM campaigns', filter: 'utm_campaign', value: row => row.utm_campaign, label: row => row.utm_campaign || '(none)'},
];
const SERIES = [
  {field: 'clicks', label: 'Clicks', color: '#2f6fdb'},
  {field: 'leads', label: 'Leads', color: '#e36209'},
  {field: 'sales', label: 'Sales', color: '#1a7f37'},
];

// filter parameter -> {exclude: boolean, values: [string]}: one operator per parameter, as the grammar has it.
const filters = new Map();
let chart = null;
let generation = 0;

const $ = id => document.getElementById(id);
const number = n => Number(n).toLocaleString('en-US');

function rangeParams() {
  const params = new URLSearchParams();
  const interval = $('interval').value;
  if (interval === 'custom') {
    if ($('start').value) params.set('start', $('start').value);
    if ($('end').value) params.set('end', $('end').value);
  } else {
    params.set('interval', interval);
  }
  const zone = $('timezone').value.trim();
  if (zone) params.set('timezone', zone);
  return params;
}

function filterParams(params) {
  for (const [name, filter] of filters) {
    params.set(name, (filter.exclude ? '-' : '') + filter.values.join(','));
  }
  return params;
}

class ApiError extends Error {}

async function api(path, params) {
  const response = await fetch(path + '?' + params.toString(), {headers: {Authorization: 'Bearer ' + $('key').value.trim()}});
  if (!response.ok) {
    let message = response.status + ' ' + response.statusText;
    try {
      const body = await response.json();
      message = (body.error && body.error.message) || message;
    } catch (e) { /* not JSON */ }
    throw new ApiError(response.status === 401 ? 'The API key was refused: ' + message : message);
  }
  return {response, source: response.headers.get('X-Tally-Source'), table: response.headers.get('X-Tally-Table')};
}

async function analytics(groupBy) {
  const params = filterParams(rangeParams());
  params.set('groupBy', groupBy);
  params.set('event', 'composite');
  const answer = await api('/api/v1/analytics', params);
  return {body: await answer.response.json(), source: answer.source, table: answer.table};
}

async function load(event) {
  if (event) event.preventDefault();
  if (!$('key').value.trim()) {
    showMessage('Paste an API key with the analytics:read scope.', 'idle');
    return;
  }
  if ($('remember').checked) localStorage.setItem(KEY_STORE, $('key').value.trim()); else localStorage.removeItem(KEY_STORE);
  const mine = ++generation;
  document.body.dataset.state = 'loading';
  showMessage('Loading…', 'loading');
  try {
    const answers = await Promise.all([analytics('count'), analytics('timeseries'), ...LISTS.map(list => analytics(list.groupBy))]);
    if (mine !== generation) return; // a newer load is under way
    const [count, series, ...lists] = answers;
    renderTotals(count.body);
    renderChart(series.body);
    lists.forEach((answer, i) => renderList(LISTS[i], answer.body));
    renderSource(answers);
    renderChips();
    showMessage('', 'ready');
    document.body.dataset.generation = String(mine);
  } catch (e) {
    if (mine !== generation) return;
    showMessage(e instanceof ApiError ? e.message : 'Tally could not be reached: ' + e.message, 'error');
  }
}

function showMessage(text, state) {
  $('message').textContent = text;
  document.body.dataset.state = state;
}

function renderTotals(count) {
  for (const s of SERIES) $('total-' + s.field).textContent = number(count[s.field]);
}

function renderChart(points) {
  const labels = points.map(p => p.start.length > 16 && !p.start.includes('T00:00') ? p.start.slice(0, 16).replace('T', ' ') : p.start.slice(0, 10));
  const datasets = SERIES.map(s => ({label: s.label, data: points.map(p => p[s.field]), borderColor: s.color, backgroundColor: s.color,
    pointRadius: 0, borderWidth: 2, tension: 0.2}));
  if (chart) {
    chart.data.labels = labels;
    chart.data.datasets = datasets;
    chart.update();
    return;
  }
  chart = new Chart($('chart'), {
    type: 'line',
    data: {labels, datasets},
    options: {animation: false, maintainAspectRatio: false, interaction: {mode: 'index', intersect: false},
      scales: {y: {beginAtZero: true, ticks: {precision: 0}}, x: {ticks: {maxTicksLimit: 12}}},
      plugins: {legend: {position: 'top', align: 'end'}}},
  });
}

function renderList(list, rows) {
  let box = document.querySelector(`.list[data-group="${list.groupBy}"]`);
  if (!box) {
    box = document.createElement('div');
    box.className = 'list';
    box.dataset.group = list.groupBy;
    const title = document.createElement('h2');
    title.append(list.title, document.createElement('small'));
    box.append(title, document.createElement('ol'));
    $('lists').append(box);
  }
  const sorted = [...rows].sort((a, b) => b.clicks - a.clicks || String(list.label(a)).localeCompare(String(list.label(b))));
  const top = sorted.slice(0, TOP);
  box.querySelector('h2 small').textContent = rows.length > TOP ? `top ${TOP} of ${rows.length}` : 'clicks';
  const max = Math.max(1, ...top.map(r => r.clicks));
  const items = top.map(row => {
    const item = document.createElement('li');
    const value = list.value(row);
    item.dataset.value = value;
    item.dataset.clicks = row.clicks;
    const fill = document.createElement('span');
    fill.className = 'fill';
    fill.style.width = (100 * row.clicks / max).toFixed(1) + '%';
    const label = document.createElement('span');
    label.className = 'label';
    label.textContent = list.label(row);
    label.title = list.label(row);
    const count = document.createElement('span');
    count.className = 'count';
    count.textContent = number(row.clicks);
    item.append(fill, label, count);
    if (value) {
      item.title = 'click: only ' + list.label(row) + ' · shift-click: exclude it';
      item.addEventListener('click', e => toggleFilter(list.filter, value, e.shiftKey));
    } else {
      item.classList.add('static');
    }
    return item;
  });
  const ol = box.querySelector('ol');
  ol.replaceChildren(...items);
  if (!items.length) {
    const empty = document.createElement('li');
    empty.className = 'empty static';
    empty.textContent = 'no events';
    ol.append(empty);
  }
}

function toggleFilter(name, value, exclude) {
  const current = filters.get(name);
  if (!current || current.exclude !== exclude) {
    filters.set(name, {exclude, values: [value]});
  } else if (!current.values.includes(value)) {
    current.values.push(value);
  }
  load();
}

function renderChips() {
  const chips = [];
  for (const [name, filter] of filters) {
    const chip = document.createElement('span');
    chip.className = 'chip' + (filter.exclude ? ' exclude' : '');
    chip.dataset.filter = name;
    chip.textContent = `${name} ${filter.exclude ? 'is not' : 'is'} ${filter.values.join(' or ')}`;
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.textContent = '×';
    remove.title = 'remove this filter';
    remove.addEventListener('click', () => { filters.delete(name); load(); });
    chip.append(remove);
    chips.push(chip);
  }
  $('chips').replaceChildren(...chips);
}

// One badge for the page: rollup when every answer came from a rollup, raw when none did, else mixed.
function renderSource(answers) {
  const sources = answers.map(a => a.source);
  const kind = sources.every(s => s === 'rollup') ? 'rollup' : sources.every(s => s === 'raw') ? 'raw' : 'mixed';
  const badge = $('source');
  badge.className = 'badge ' + kind;
  badge.dataset.source = kind;
  badge.textContent = 'answered from ' + kind;
  badge.title = [...new Set(answers.map(a => a.table))].join(', ');
}

async function exportEvents() {
  const params = filterParams(rangeParams());
  params.set('format', $('export-format').value);
  showMessage('Exporting…', 'loading');
  try {
    const answer = await api('/api/v1/events/export', params);
    const blob = await answer.response.blob();
    const disposition = answer.response.headers.get('Content-Disposition') || '';
    const match = /filename="?([^";]+)"?/.exec(disposition);
    const name = match ? match[1] : 'events.' + $('export-format').value;
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
    showMessage(`Exported ${name} (${number(blob.size)} bytes).`, 'ready');
  } catch (e) {
    showMessage('Export failed: ' + e.message, 'error');
  }
}

function start() {
  const stored = localStorage.getItem(KEY_STORE);
  if (stored) {
    $('key').value = stored;
    $('remember').checked = true;
  }
  const zones = Intl.supportedValuesOf ? Intl.supportedValuesOf('timeZone') : [];
  $('zones').replaceChildren(...zones.map(zone => Object.assign(document.createElement('option'), {value: zone})));
  $('timezone').value = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const custom = () => document.body.classList.toggle('custom-range', $('interval').value === 'custom');
  $('interval').addEventListener('change', () => { custom(); if ($('interval').value !== 'custom') load(); });
  custom();
  $('controls').addEventListener('submit', load);
  $('export').addEventListener('click', exportEvents);
  if (stored) load();
}

document.addEventListener('DOMContentLoaded', start);
