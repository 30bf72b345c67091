import { existsSync, mkdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Feed,
  freshTopics,
  startTestProjection,
  type RunningProjection,
} from '../kafka.fixture.test.js';
import { alertIdOf, minute, story, t0, windowOf } from '../records.fixture.test.js';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const results = fileURLToPath(new URL('../../test-results/', import.meta.url));

function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `The dashboard test needs Chromium at ${chromiumPath}: apt-get install chromium ` +
        '(or point CHROMIUM_PATH at one).',
    );
  }
  // As root (CI containers) Chromium refuses to start with its sandbox.
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox'] });
}

let feed: Feed;
let live: RunningProjection;
let browser: Browser;

beforeAll(async () => {
  const topics = await freshTopics();
  feed = new Feed(topics.names);
  await feed.sendEvents(story.events);
  await feed.sendAggregates(story.aggregates);
  live = await startTestProjection(topics, { DASHBOARD_PRODUCER_URL: 'http://producer.test:8080' });
  await live.waitUntilReady();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser.close();
  await live.stop();
  await feed.close();
});

describe('the dashboard', () => {
  it('shows the devices, a chart of window means that grows live, and the open alerts', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 1100 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(`${live.url}/`);

    // The devices table.
    const rows = page.locator('#devices tbody tr[data-device-id]');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(2);
    expect(await rows.nth(0).locator('td').allTextContents()).toEqual([
      'd1',
      'Boiler',
      'ACTIVE',
      'temperature, humidity',
      'temperature > 30 (±2)',
      '3',
      '1',
    ]);
    expect(await rows.nth(1).locator('td').allTextContents()).toEqual([
      'd2',
      'Fridge',
      'DECOMMISSIONED',
      'temperature',
      '—',
      '2',
      '0',
    ]);

    // The chart: one point per window read over HTTP, one series per device and sensor.
    const chart = page.locator('#chart');
    await expect.poll(() => chart.getAttribute('data-points'), { timeout: 20_000 }).toBe('4');
    expect(await page.locator('#legend li').allTextContents()).toEqual([
      'd1/humidity',
      'd1/temperature',
      'd2/temperature',
    ]);
    const temperature = page.locator('#chart g[data-series="d1/temperature"] circle');
    const means = await Promise.all(
      (await temperature.all()).map((dot) => dot.getAttribute('data-mean')),
    );
    expect(means).toEqual(['35', '21']);

    // The open alert, with how to acknowledge it.
    const alert = page.locator(`#alerts li[data-alert-id="${alertIdOf('d1', 'temperature', t0)}"]`);
    await expect.poll(() => alert.count(), { timeout: 20_000 }).toBe(1);
    expect(await alert.locator('strong').textContent()).toBe('d1 · temperature: 35.00 > 30');
    expect(await alert.locator('code.acknowledge-hint').textContent()).toContain(
      'curl -X POST http://producer.test:8080/v1/devices/d1/commands/acknowledge-alert',
    );

    // A window closed now appears without a reload, from /v1/stream.
    await expect
      .poll(() => page.locator('#stream-status').getAttribute('data-state'), { timeout: 20_000 })
      .toBe('live');
    await feed.sendAggregates([windowOf('d1', 'temperature', t0 + 2 * minute, [40, 42])]);
    const newest = page.locator(
      `#chart g[data-series="d1/temperature"] circle[data-window-start="${t0 + 2 * minute}"]`,
    );
    await expect.poll(() => newest.count(), { timeout: 30_000 }).toBe(1);
    expect(await newest.getAttribute('data-mean')).toBe('41');
    expect(await chart.getAttribute('data-points')).toBe('5');

    mkdirSync(results, { recursive: true });
    const screenshot = `${results}dashboard.png`;
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(statSync(screenshot).size).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
