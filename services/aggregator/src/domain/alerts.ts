import type { EventDraft } from '@streamfold/eventsourcing';
import type { DeviceEventsRecord, WindowAggregate } from '@streamfold/schemas';
import type { Device } from './device.js';

/** An alert's id: the device, the sensor, and the start of the window that raised it. */
export const alertIdOf = (deviceId: string, sensor: string, windowStart: number): string =>
  `${deviceId}/${sensor}/${windowStart}`;

/**
 * What a closed window means for its sensor's alert, with hysteresis so a mean hovering at the
 * threshold does not flap: a mean above `max` raises an alert when none is open; an open alert
 * clears only once a mean falls below `max - hysteresis`. Between the two, nothing changes.
 * A sensor without a threshold never alerts.
 */
export function alertFor(
  device: Device,
  aggregate: WindowAggregate,
): EventDraft<DeviceEventsRecord> | undefined {
  const { deviceId, sensor, windowStart, windowEnd, mean } = aggregate;
  const threshold = device.thresholds.find((t) => t.sensor === sensor);
  if (threshold === undefined) return undefined;
  const open = device.openAlerts.find((alert) => alert.sensor === sensor);
  if (open === undefined && mean > threshold.max) {
    return {
      name: 'AlertRaised',
      value: {
        deviceId,
        alertId: alertIdOf(deviceId, sensor, windowStart),
        sensor,
        windowStart,
        windowEnd,
        value: mean,
        threshold: threshold.max,
      },
    };
  }
  if (open !== undefined && mean < threshold.max - threshold.hysteresis) {
    return {
      name: 'AlertCleared',
      value: { deviceId, alertId: open.alertId, sensor, windowEnd, value: mean },
    };
  }
  return undefined;
}
