// The page of analytics-service: polls this service's own API every 2 s (ingest's and verify's figures through its
// proxy under /api/dashboard) and draws what it reads. No framework, no build step, nothing from another origin.
'use strict';

const REFRESH_MS = 2000;
const TIMEOUT_MS = 8000;
const TOKEN_KEY = 'sfcrime.apiToken';
const SVG = 'http://www.w3.org/2000/svg';
const numbers = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
const shown = new Map();

const $ = (id) => document.getElementById(id);
const fmt = (n) => (n === null || n === undefined ? '–' : numbers.format(n));

/** An answer that is not 2xx, with the problem detail's title and detail when there is one. */
class Problem extends Error {
  constructor(status, body) {
    const title = body && body.title ? body.title : 'HTTP ' + status;
    super(body && body.detail ? title + ': ' + body.detail : title);
    this.status = status;
    this.body = body;
  }
}

async function call(path, options = {}) {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
  let response;
  try {
    response = await fetch(path, { cache: 'no-store', signal: abort.signal, ...options });
  } catch (error) {
    throw new Error('analytics-service is not reachable (' + (error.name === 'AbortError' ? 'no answer within '
      + TIMEOUT_MS / 1000 + ' s' : error.message) + ')');
  } finally {
    clearTimeout(timer);
  }
  const text = await response.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch (error) {
    body = null;
  }
  if (!response.ok) {
    throw new Problem(response.status, body);
  }
  return { body, text };
}

/** Runs draw(body) only when the answer changed, so unchanged tables are not rebuilt every 2 s. */
function changed(key, answer, draw) {
  if (shown.get(key) !== answer.text) {
    shown.set(key, answer.text);
    draw(answer.body);
  }
}

function alertIn(id, message) {
  const element = $(id);
  element.hidden = !message;
  element.textContent = message || '';
}

function service(id, up, text) {
  const element = $(id);
  element.className = 'svc ' + (up === null ? 'unknown' : up ? 'up' : 'down');
  element.querySelector('.svc-state').textContent = text;
}

function duration(ms) {
  if (ms === null || ms === undefined) {
    return '–';
  }
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? seconds + ' s' : Math.floor(seconds / 60) + ' min ' + (seconds % 60) + ' s';
}

function rows(tbody, items, cells) {
  const body = typeof tbody === 'string' ? document.querySelector('#' + tbody + ' tbody') : tbody;
  body.replaceChildren(...items.map((item) => {
    const tr = document.createElement('tr');
    cells(item).forEach(([value, numeric]) => {
      const td = document.createElement('td');
      td.textContent = numeric ? fmt(value) : value;
      if (numeric) {
        td.className = 'num';
      }
      tr.append(td);
    });
    return tr;
  }));
}

function figure(id, value) {
  $(id).textContent = typeof value === 'number' ? fmt(value) : value;
}

// Replay -----------------------------------------------------------------------------------------------------------

function drawReplay(status) {
  figure('replay-state', status.state);
  figure('replay-acknowledged', status.acknowledged);
  figure('replay-total', status.total === null ? 'unknown yet' : status.total);
  figure('replay-rate', status.eventsPerSecond);
  figure('replay-eta', status.state === 'RUNNING' ? duration(status.etaMs) : '–');
  figure('replay-failed', status.failed);
  figure('replay-skipped', status.skipped);
  const progress = $('replay-progress');
  const known = status.total !== null && status.total > 0;
  if (known || status.state !== 'RUNNING') {
    const share = known ? Math.min(1, status.acknowledged / status.total) : 0;
    progress.value = share;
    progress.setAttribute('aria-valuetext', fmt(status.acknowledged) + ' of ' + (known ? fmt(status.total) : '?')
      + ' events acknowledged');
    $('replay-percent').textContent = known ? fmt(Math.floor(share * 1000) / 10) + ' %' : '';
  } else {
    progress.removeAttribute('value');
    progress.setAttribute('aria-valuetext', 'sorting the file; ' + fmt(status.acknowledged) + ' acknowledged');
    $('replay-percent').textContent = 'sorting the file…';
  }
  const error = $('replay-error');
  error.hidden = !status.lastError;
  error.textContent = status.lastError ? 'Last error: ' + status.lastError : '';
  $('stop').disabled = status.state !== 'RUNNING';
}

async function refreshReplay() {
  try {
    changed('replay', await call('api/dashboard/replay'), drawReplay);
    service('svc-ingest', true, 'up, replay ' + JSON.parse(shown.get('replay')).state.toLowerCase());
    down('replay', null);
  } catch (error) {
    down('replay', error);
    service('svc-ingest', false, 'down');
  }
}

function replayOptions() {
  const options = { order: $('order').value };
  const value = $('pace-value').value.trim();
  if (value !== '') {
    options[$('pace').value] = Number(value);
  }
  const limit = $('limit').value.trim();
  if (limit !== '') {
    options.limit = Number(limit);
  }
  return options;
}

async function post(path, body) {
  const headers = body === undefined ? {} : { 'Content-Type': 'application/json' };
  const token = $('token').value.trim();
  if (token) {
    headers.Authorization = 'Bearer ' + token;
  }
  try {
    await call(path, { method: 'POST', headers, body: body === undefined ? undefined : JSON.stringify(body) });
    alertIn('replay-alert', null);
  } catch (error) {
    alertIn('replay-alert', error.message);
  }
  await refreshReplay();
}

// Verify -----------------------------------------------------------------------------------------------------------

function drawVerify(summary) {
  figure('verify-received', summary.received);
  figure('verify-valid', summary.valid);
  figure('verify-invalid', summary.invalid);
  figure('verify-duplicates', summary.duplicates);
  // Verify dead-letters every invalid event before it counts it (its summary says so).
  figure('verify-dead-lettered', summary.invalid);
  figure('verify-caught-up', summary.caughtUp ? 'yes' : summary.rebuilding ? 'rebuilding' : 'no');
  const reasons = Object.entries(summary.invalidByReason || {}).sort((a, b) => b[1] - a[1]);
  rows('verify-reasons', reasons.length ? reasons : [['none', 0]], ([reason, count]) => [[reason], [count, true]]);
  rows('verify-partitions', summary.partitions || [], (p) => [[String(p.partition)], [p.received, true],
    [p.offset, true], [p.endOffset, true], [p.lag, true]]);
}

async function refreshVerify() {
  try {
    changed('verify', await call('api/dashboard/verify'), drawVerify);
    const summary = JSON.parse(shown.get('verify'));
    service('svc-verify', true, summary.caughtUp ? 'caught up' : 'up');
    down('verify', null);
  } catch (error) {
    down('verify', error);
    service('svc-verify', false, 'down');
  }
}

// Analytics --------------------------------------------------------------------------------------------------------

function range() {
  const query = new URLSearchParams();
  if ($('from').value) {
    query.set('from', $('from').value);
  }
  if ($('to').value) {
    query.set('to', $('to').value);
  }
  return query;
}

function drawTop(top) {
  const max = top.reduce((m, t) => Math.max(m, t.count), 0) || 1;
  $('top-chart').replaceChildren(...top.map((t) => {
    const li = document.createElement('li');
    li.setAttribute('aria-label', t.crimeType + ': ' + fmt(t.count) + ' calls, usually ' + t.disposition + ' ('
      + t.dispositionDescription + ', ' + fmt(t.dispositionCount) + ')');
    const label = document.createElement('div');
    label.className = 'label';
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = t.crimeType;
    const value = document.createElement('span');
    value.className = 'value';
    value.textContent = fmt(t.count) + ' · ' + t.disposition + ' ' + t.dispositionDescription + ' '
      + fmt(t.dispositionCount);
    label.append(name, value);
    const track = document.createElement('div');
    track.className = 'track';
    const bar = document.createElement('div');
    bar.className = 'bar';
    bar.style.width = (100 * t.count / max) + '%';
    const usual = document.createElement('div');
    usual.className = 'usual';
    usual.style.width = (100 * t.dispositionCount / max) + '%';
    track.append(bar, usual);
    li.append(label, track);
    return li;
  }));
  if (!top.length) {
    const li = document.createElement('li');
    li.textContent = 'No calls counted in this range yet.';
    $('top-chart').append(li);
  }
  rows('top-table', top, (t) => [[t.crimeType], [t.count, true], [t.disposition], [t.dispositionDescription],
    [t.dispositionCount, true]]);
}

function svg(name, attributes, text) {
  const element = document.createElementNS(SVG, name);
  Object.entries(attributes).forEach(([key, value]) => element.setAttribute(key, value));
  if (text !== undefined) {
    element.textContent = text;
  }
  return element;
}

function niceMax(value) {
  if (value <= 0) {
    return 1;
  }
  const power = Math.pow(10, Math.floor(Math.log10(value)));
  return [1, 2, 2.5, 5, 10].map((step) => step * power).find((nice) => nice >= value);
}

/** A line chart of series [{cls, label, points: [[x, y]]}] in an SVG with a text alternative. */
function lineChart(container, series, xText, summary) {
  const width = 420;
  const height = 190;
  const left = 48;
  const bottom = 22;
  const all = series.flatMap((s) => s.points);
  const chart = svg('svg', { viewBox: '0 0 ' + width + ' ' + height, role: 'img', 'aria-label': summary });
  chart.append(svg('title', {}, summary));
  if (!all.length) {
    chart.append(svg('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'empty' }, 'No data yet'));
    container.replaceChildren(chart);
    return;
  }
  const xs = all.map((p) => p[0]);
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs);
  const yMax = niceMax(Math.max(...all.map((p) => p[1])));
  const x = (v) => left + (x1 === x0 ? (width - left - 8) / 2 : (v - x0) / (x1 - x0) * (width - left - 8));
  const y = (v) => 6 + (1 - v / yMax) * (height - bottom - 6);
  [0, 0.5, 1].forEach((share) => {
    const value = yMax * share;
    chart.append(svg('line', { x1: left, x2: width - 8, y1: y(value), y2: y(value), class: 'axis' }));
    chart.append(svg('text', { x: left - 6, y: y(value) + 4, 'text-anchor': 'end' }, compact.format(value)));
  });
  [x0, (x0 + x1) / 2, x1].filter((v, i) => i !== 1 || x1 !== x0).forEach((value, i, ticks) => {
    const anchor = ticks.length === 1 ? 'middle' : ['start', 'middle', 'end'][i];
    chart.append(svg('text', { x: x(value), y: height - 6, 'text-anchor': anchor }, xText(value)));
  });
  series.forEach((s) => {
    const points = s.points.map((p) => x(p[0]).toFixed(1) + ',' + y(p[1]).toFixed(1)).join(' ');
    chart.append(svg(s.points.length === 1 ? 'circle' : 'polyline', s.points.length === 1
      ? { cx: x(s.points[0][0]), cy: y(s.points[0][1]), r: 3, class: 'line ' + s.cls }
      : { points, class: 'line ' + s.cls }));
  });
  container.replaceChildren(chart);
}

const localTime = (ms) => new Date(ms).toISOString().slice(5, 13).replace('T', ' ') + 'h';
const clockTime = (ms) => new Date(ms).toLocaleTimeString('en-GB');

function drawWindows(windows) {
  // Window times are the data's local times; read as UTC they are drawn as they are written.
  const points = windows.map((w) => [Date.parse(w.windowStart + 'Z'), w.count]);
  const total = windows.reduce((sum, w) => sum + w.count, 0);
  const peak = windows.reduce((best, w) => (best && best.count >= w.count ? best : w), null);
  lineChart($('windows-chart'), [{ cls: 'calls', points }], localTime, windows.length
    ? windows.length + ' windows from ' + windows[0].windowStart + ' to ' + windows[windows.length - 1].windowEnd
      + ', ' + fmt(total) + ' calls, the most (' + fmt(peak.count) + ') from ' + peak.windowStart
    : 'No windows yet');
  rows('windows-table', windows, (w) => [[w.windowStart], [w.windowEnd], [w.count, true]]);
}

function drawHistory(batches) {
  const at = (b) => Date.parse(b.timestamp);
  const last = batches[batches.length - 1];
  const tail = last ? '; the last, batch ' + last.batchId + ': ' + fmt(last.inputRowsPerSecond) + ' in, '
    + fmt(last.processedRowsPerSecond) + ' processed rows/s, ' + fmt(last.durationMs) + ' ms' : '';
  lineChart($('spark-rates'), [
    { cls: 'input', points: batches.map((b) => [at(b), b.inputRowsPerSecond]) },
    { cls: 'processed', points: batches.map((b) => [at(b), b.processedRowsPerSecond]) },
  ], clockTime, batches.length + ' batches' + tail);
  lineChart($('spark-durations'), [{ cls: 'duration', points: batches.map((b) => [at(b), b.durationMs]) }],
    clockTime, batches.length + ' batch durations' + tail);
  rows('spark-table', batches.slice().reverse(), (b) => [[String(b.batchId)], [clockTime(at(b))],
    [b.numInputRows, true], [b.inputRowsPerSecond, true], [b.processedRowsPerSecond, true], [b.durationMs, true]]);
}

function drawProgress(progress) {
  figure('query-state', progress.state);
  $('query-message').textContent = progress.message ? 'Spark: ' + progress.message : '';
  figure('query-batches', progress.totals.batches);
  figure('query-input', progress.totals.inputRows);
  figure('query-late', progress.totals.lateRows);
  figure('query-malformed', progress.totals.malformedRows);
  const watermark = progress.latest && progress.latest.watermark;
  figure('query-watermark', watermark ? watermark.slice(0, 16).replace('T', ' ') : '–');
  const error = $('query-error');
  error.hidden = !progress.error;
  error.textContent = progress.error ? 'Last query error: ' + progress.error : '';
}

async function refreshAnalytics() {
  const limit = Math.max(1, Math.min(50, Number($('top-limit').value) || 10));
  const top = new URLSearchParams(range());
  top.set('limit', String(limit));
  try {
    const progress = await call('api/analytics/progress');
    changed('progress', progress, drawProgress);
    const failing = progress.body.state !== 'ACTIVE' && progress.body.state !== 'STARTING';
    service('svc-analytics', !failing, failing ? 'query ' + progress.body.state.toLowerCase() : 'up');
    changed('history', await call('api/dashboard/spark-history'), drawHistory);
    changed('top', await call('api/analytics/top?' + top), drawTop);
    changed('windows', await call('api/analytics/calls-per-window?' + range()), drawWindows);
    down('analytics', failing ? new Error('The query is ' + progress.body.state + ': '
      + (progress.body.error || 'see /actuator/health')) : null);
  } catch (error) {
    down('analytics', error);
    if (!(error instanceof Problem)) {
      service('svc-analytics', false, 'down');
    }
  }
}

// Page -------------------------------------------------------------------------------------------------------------

function down(panel, error) {
  alertIn(panel + '-alert', error ? error.message : null);
  $(panel).classList.toggle('stale', !!error);
}

async function refresh() {
  await Promise.all([refreshReplay(), refreshVerify(), refreshAnalytics()]);
  const failing = ['svc-ingest', 'svc-verify', 'svc-analytics'].filter((id) => $(id).classList.contains('down'));
  $('updated').textContent = 'Updated ' + new Date().toLocaleTimeString('en-GB')
    + (failing.length ? ' · down: ' + failing.map((id) => id.slice(4) + '-service').join(', ') : ' · all services up');
  setTimeout(refresh, REFRESH_MS);
}

document.addEventListener('DOMContentLoaded', () => {
  $('token').value = sessionStorage.getItem(TOKEN_KEY) || '';
  $('token').addEventListener('change', () => sessionStorage.setItem(TOKEN_KEY, $('token').value.trim()));
  $('replay-form').addEventListener('submit', (event) => {
    event.preventDefault();
    post('api/dashboard/replay', replayOptions());
  });
  $('stop').addEventListener('click', () => post('api/dashboard/replay/stop'));
  $('range-form').addEventListener('change', () => ['top', 'windows'].forEach((key) => shown.delete(key)));
  refresh();
});
