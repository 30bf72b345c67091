export { alertFor, alertIdOf } from './alerts.js';
export { deviceAggregate, initialDevice, type Device } from './device.js';
export {
  initialProcess,
  onCommand,
  onReading,
  replayEvent,
  type Arrival,
  type DeviceProcess,
  type ReadingRefusal,
  type ReadingStep,
} from './device-process.js';
export {
  addReading,
  closeWindows,
  isClosed,
  watermarkOf,
  windowAggregate,
  windowOrder,
  windowStartOf,
  type OpenWindow,
  type WindowSettings,
} from './windows.js';
