/**
 * What the system must make of a simulation, computed from the plan alone and written apart
 * from the aggregator's code, so the end-to-end test checks one against the other. The rules
 * are the documented ones (docs/decisions/0012): per device, in the order its readings were
 * sent, tumbling windows of `sizeMs`, a watermark of the newest event time minus the allowed
 * lateness, late readings refused, and alerts with hysteresis on each closed window's mean.
 */
import type { SimulationPlan } from '@streamfold/producer/simulate';
import type { DeviceEventsRecord, WindowAggregate } from '@streamfold/schemas';

export interface ExpectedAlert {
  readonly alertId: string;
  readonly deviceId: string;
  readonly sensor: string;
  readonly raisedAt: number;
  readonly value: number;
  /** The end of the window that cleared it, or null while it is open. */
  readonly clearedAt: number | null;
}

export interface Expected {
  readonly readings: number;
  readonly late: number;
  /** Every closed window, ordered by device, then window start, then sensor. */
  readonly aggregates: readonly WindowAggregate[];
  readonly alerts: readonly ExpectedAlert[];
  /** Windows still open at the end of the run: they emit nothing. */
  readonly open: number;
}

interface Accumulating {
  sensor: string;
  start: number;
  count: number;
  min: number;
  max: number;
  sum: number;
  last: number;
}

export function expectedOutcome(
  plan: SimulationPlan,
  windows: { sizeMs: number; allowedLatenessMs: number },
): Expected {
  const aggregates: WindowAggregate[] = [];
  const alerts: ExpectedAlert[] = [];
  let readings = 0;
  let late = 0;
  let open = 0;
  for (const device of plan.devices) {
    const thresholds = new Map(device.thresholds.map((t) => [t.sensor, t]));
    const openAlerts = new Map<string, { alertId: string; index: number }>();
    const accumulating = new Map<string, Accumulating>();
    let newest = Number.NEGATIVE_INFINITY;
    for (const item of plan.sends) {
      if (item.kind !== 'reading' || item.reading.deviceId !== device.deviceId) continue;
      const { sensor, value, eventTime } = item.reading;
      readings += 1;
      const start = Math.floor(eventTime / windows.sizeMs) * windows.sizeMs;
      if (start + windows.sizeMs <= newest - windows.allowedLatenessMs) {
        late += 1;
        continue;
      }
      const key = `${start}/${sensor}`;
      const acc = accumulating.get(key);
      if (acc === undefined) {
        accumulating.set(key, {
          sensor,
          start,
          count: 1,
          min: value,
          max: value,
          sum: value,
          last: eventTime,
        });
      } else {
        acc.count += 1;
        acc.min = Math.min(acc.min, value);
        acc.max = Math.max(acc.max, value);
        acc.sum += value;
        acc.last = Math.max(acc.last, eventTime);
      }
      newest = Math.max(newest, eventTime);
      const closing = [...accumulating.values()]
        .filter((w) => w.start + windows.sizeMs <= newest - windows.allowedLatenessMs)
        .sort((a, b) => a.start - b.start || (a.sensor < b.sensor ? -1 : 1));
      for (const w of closing) {
        accumulating.delete(`${w.start}/${w.sensor}`);
        const mean = w.sum / w.count;
        const end = w.start + windows.sizeMs;
        aggregates.push({
          deviceId: device.deviceId,
          sensor: w.sensor,
          windowStart: w.start,
          windowEnd: end,
          count: w.count,
          min: w.min,
          max: w.max,
          sum: w.sum,
          mean,
          lastEventTime: w.last,
        });
        const threshold = thresholds.get(w.sensor);
        if (threshold === undefined) continue;
        const raised = openAlerts.get(w.sensor);
        if (raised === undefined && mean > threshold.max) {
          const alertId = `${device.deviceId}/${w.sensor}/${w.start}`;
          openAlerts.set(w.sensor, { alertId, index: alerts.length });
          alerts.push({
            alertId,
            deviceId: device.deviceId,
            sensor: w.sensor,
            raisedAt: end,
            value: mean,
            clearedAt: null,
          });
        } else if (raised !== undefined && mean < threshold.max - threshold.hysteresis) {
          openAlerts.delete(w.sensor);
          const alert = alerts[raised.index];
          if (alert !== undefined) alerts[raised.index] = { ...alert, clearedAt: end };
        }
      }
    }
    open += accumulating.size;
  }
  return { readings, late, aggregates, alerts, open };
}

/** The alerts that device events tell of (raised, and cleared or still open), by alert id. */
export function alertsOf(events: Iterable<DeviceEventsRecord>): ExpectedAlert[] {
  const alerts = new Map<string, ExpectedAlert>();
  for (const event of events) {
    if (event.name === 'AlertRaised') {
      const { alertId, deviceId, sensor, windowEnd, value } = event.value;
      alerts.set(alertId, {
        alertId,
        deviceId,
        sensor,
        raisedAt: windowEnd,
        value,
        clearedAt: null,
      });
    } else if (event.name === 'AlertCleared') {
      const raised = alerts.get(event.value.alertId);
      if (raised !== undefined) {
        alerts.set(raised.alertId, { ...raised, clearedAt: event.value.windowEnd });
      }
    }
  }
  return [...alerts.values()];
}
