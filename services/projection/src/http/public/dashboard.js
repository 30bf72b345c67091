/* global document, EventSource */
// The projection's dashboard: plain DOM and SVG, no build step. It follows /v1/stream for
// window aggregates (the chart) and device events (the tables re-read over HTTP).

const svgNs = 'http://www.w3.org/2000/svg';
const producerUrl =
  document.querySelector('meta[name="producer-url"]')?.getAttribute('content') ?? '';
const pointsPerSeries = 120;
const palette = ['#1f6feb', '#d1242f', '#1a7f37', '#9a6700', '#8250df', '#0a7ea4', '#bf3989'];
const chart = { width: 800, height: 320, left: 56, right: 16, top: 16, bottom: 36 };

/** `${deviceId}/${sensor}` → Map(windowStart → mean). */
const series = new Map();

async function getJson(path) {
  const response = await fetch(path, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
  return response.json();
}

function element(name, attributes = {}, text) {
  const node = document.createElement(name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

function svg(name, attributes = {}, text) {
  const node = document.createElementNS(svgNs, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

async function allPages(path) {
  const items = [];
  let cursor = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const page = await getJson(
      `${path}${separator}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    items.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return items;
}

function emptyRow() {
  const row = element('tr', { class: 'empty' });
  row.append(element('td', { colspan: 7 }, 'no devices yet'));
  return row;
}

function renderDevices(devices) {
  const body = document.querySelector('#devices tbody');
  const rows = devices.map((device) => {
    const row = element('tr', {
      'data-device-id': device.deviceId,
      class: `status-${device.status}`,
    });
    const thresholds = Object.entries(device.thresholds)
      .map(([sensor, t]) => `${sensor} > ${t.max} (±${t.hysteresis})`)
      .join(', ');
    row.append(
      element('td', {}, device.deviceId),
      element('td', {}, device.name),
      element('td', {}, device.status),
      element('td', {}, device.sensors.join(', ')),
      element('td', {}, thresholds || '—'),
      element('td', { class: 'number' }, String(device.version)),
      element(
        'td',
        { class: `number${device.openAlerts > 0 ? ' alerting' : ''}`, 'data-open-alerts': '' },
        String(device.openAlerts),
      ),
    );
    return row;
  });
  body.replaceChildren(...(rows.length > 0 ? rows : [emptyRow()]));
}

function renderAlerts(alerts) {
  const list = document.querySelector('#alerts');
  const items = alerts.map((alert) => {
    const item = element('li', { 'data-alert-id': alert.alertId });
    const raised = new Date(alert.raised.windowStart).toISOString().slice(11, 16);
    item.append(
      element(
        'strong',
        { class: 'alerting' },
        `${alert.deviceId} · ${alert.sensor}: ${alert.raised.value.toFixed(2)} > ${alert.raised.threshold}`,
      ),
      document.createTextNode(` — window from ${raised} UTC`),
    );
    if (alert.acknowledged) {
      item.append(document.createTextNode(` — acknowledged by ${alert.acknowledged.by}`));
    } else {
      item.append(
        document.createTextNode(' — to acknowledge it:'),
        element(
          'code',
          { class: 'acknowledge-hint' },
          `curl -X POST ${producerUrl}/v1/devices/${encodeURIComponent(alert.deviceId)}/commands/acknowledge-alert \\\n` +
            `  -H 'content-type: application/json' \\\n` +
            `  -d '${JSON.stringify({ alertId: alert.alertId, acknowledgedBy: 'you' })}'`,
        ),
      );
    }
    return item;
  });
  list.replaceChildren(
    ...(items.length > 0 ? items : [element('li', { class: 'empty' }, 'no open alerts')]),
  );
}

function addPoint(window) {
  const key = `${window.deviceId}/${window.sensor}`;
  let points = series.get(key);
  if (!points) {
    points = new Map();
    series.set(key, points);
  }
  points.set(window.windowStart, window.mean);
  if (points.size > pointsPerSeries) {
    const oldest = [...points.keys()].sort((a, b) => a - b).slice(0, points.size - pointsPerSeries);
    for (const start of oldest) points.delete(start);
  }
}

function renderChart() {
  const root = document.querySelector('#chart');
  const keys = [...series.keys()].sort();
  const all = keys.flatMap((key) => [...series.get(key)].map(([start, mean]) => ({ start, mean })));
  root.setAttribute('data-points', String(all.length));
  if (all.length === 0) {
    root.replaceChildren(
      svg(
        'text',
        { x: chart.width / 2, y: chart.height / 2, 'text-anchor': 'middle' },
        'no windows yet',
      ),
    );
    document.querySelector('#legend').replaceChildren();
    return;
  }
  let [x0, x1] = [Math.min(...all.map((p) => p.start)), Math.max(...all.map((p) => p.start))];
  let [y0, y1] = [Math.min(...all.map((p) => p.mean)), Math.max(...all.map((p) => p.mean))];
  if (x0 === x1) [x0, x1] = [x0 - 60_000, x1 + 60_000];
  const pad = (y1 - y0) * 0.1 || 1;
  [y0, y1] = [y0 - pad, y1 + pad];
  const x = (t) => chart.left + ((t - x0) / (x1 - x0)) * (chart.width - chart.left - chart.right);
  const y = (v) =>
    chart.height -
    chart.bottom -
    ((v - y0) / (y1 - y0)) * (chart.height - chart.top - chart.bottom);
  const time = (t) => new Date(t).toISOString().slice(11, 16);

  const nodes = [
    svg('line', {
      x1: chart.left,
      y1: chart.top,
      x2: chart.left,
      y2: chart.height - chart.bottom,
      stroke: '#9aa3ad',
    }),
    svg('line', {
      x1: chart.left,
      y1: chart.height - chart.bottom,
      x2: chart.width - chart.right,
      y2: chart.height - chart.bottom,
      stroke: '#9aa3ad',
    }),
    svg(
      'text',
      { x: chart.left - 6, y: y(y1) + 4, 'text-anchor': 'end', 'font-size': 11 },
      y1.toFixed(1),
    ),
    svg(
      'text',
      { x: chart.left - 6, y: y(y0), 'text-anchor': 'end', 'font-size': 11 },
      y0.toFixed(1),
    ),
    svg(
      'text',
      { x: x(x0), y: chart.height - 12, 'text-anchor': 'start', 'font-size': 11 },
      `${time(x0)} UTC`,
    ),
    svg(
      'text',
      { x: x(x1), y: chart.height - 12, 'text-anchor': 'end', 'font-size': 11 },
      `${time(x1)} UTC`,
    ),
  ];
  const legend = [];
  keys.forEach((key, index) => {
    const color = palette[index % palette.length];
    const points = [...series.get(key)].sort(([a], [b]) => a - b);
    const group = svg('g', { 'data-series': key });
    group.append(
      svg('polyline', {
        points: points
          .map(([start, mean]) => `${x(start).toFixed(1)},${y(mean).toFixed(1)}`)
          .join(' '),
        fill: 'none',
        stroke: color,
        'stroke-width': 2,
      }),
      ...points.map(([start, mean]) => {
        const dot = svg('circle', {
          cx: x(start).toFixed(1),
          cy: y(mean).toFixed(1),
          r: 3,
          fill: color,
          'data-window-start': start,
          'data-mean': mean,
        });
        dot.append(svg('title', {}, `${key} ${time(start)} UTC: ${mean.toFixed(2)}`));
        return dot;
      }),
    );
    nodes.push(group);
    const item = element('li', { 'data-series': key });
    item.append(element('span', { style: `background:${color}` }), document.createTextNode(key));
    legend.push(item);
  });
  root.replaceChildren(...nodes);
  document.querySelector('#legend').replaceChildren(...legend);
}

const loadedWindows = new Set();

async function loadDevicesAndWindows() {
  const devices = await allPages('/v1/devices');
  renderDevices(devices);
  for (const device of devices) {
    if (loadedWindows.has(device.deviceId)) continue;
    loadedWindows.add(device.deviceId);
    const windows = await getJson(`/v1/devices/${encodeURIComponent(device.deviceId)}/windows`);
    for (const window of windows.items.slice(-pointsPerSeries * device.sensors.length)) {
      addPoint(window);
    }
  }
  renderChart();
}

async function loadAlerts() {
  renderAlerts(await allPages('/v1/alerts?state=open'));
}

// Device events change the tables; many in a row are read back once.
let refreshing = null;
function refreshSoon() {
  refreshing ??= setTimeout(() => {
    refreshing = null;
    Promise.all([loadDevicesAndWindows(), loadAlerts()]).catch(showError);
  }, 150);
}

function showError(error) {
  const status = document.querySelector('#stream-status');
  status.dataset.state = 'error';
  status.textContent = `error: ${error.message}`;
}

function follow() {
  const status = document.querySelector('#stream-status');
  const stream = new EventSource('/v1/stream');
  stream.addEventListener('open', () => {
    status.dataset.state = 'live';
    status.textContent = 'live';
  });
  stream.addEventListener('error', () => {
    status.dataset.state = 'connecting';
    status.textContent = 'reconnecting…';
  });
  stream.addEventListener('WindowAggregate', (event) => {
    addPoint(JSON.parse(event.data).value);
    renderChart();
  });
  for (const name of [
    'DeviceRegistered',
    'ThresholdConfigured',
    'DeviceDecommissioned',
    'AlertRaised',
    'AlertCleared',
    'AlertAcknowledged',
  ]) {
    stream.addEventListener(name, refreshSoon);
  }
  // The stream no longer holds what followed our last event: read everything again.
  stream.addEventListener('reset', () => {
    loadedWindows.clear();
    refreshSoon();
  });
}

// Follow first, then read: whatever is applied in between arrives on the stream, and a
// window seen twice is one point.
follow();
Promise.all([loadDevicesAndWindows(), loadAlerts()]).catch(showError);
