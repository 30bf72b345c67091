import type { Positions } from '../domain/positions.js';
import type {
  AlertState,
  AlertView,
  CommandOutcome,
  DeviceStatus,
  DeviceView,
  ProjectedRecord,
  ReadModelsExport,
  WindowView,
} from '../domain/read-models.js';

/** A read's answer and the positions it reflects, taken together. */
export interface Reflecting<T> {
  readonly value: T;
  readonly positions: Positions;
}

/** One page of a list ordered by key; `next` is the last key of this page when more follow. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly next: string | null;
}

export interface DevicesQuery {
  readonly status?: DeviceStatus;
  /** Start after this deviceId. */
  readonly after?: string;
  readonly limit: number;
}

export interface AlertsQuery {
  readonly state: AlertState | 'all';
  readonly deviceId?: string;
  /** Start after this alertId. */
  readonly after?: string;
  readonly limit: number;
}

/** Windows overlapping [from, to), epoch ms; either end open when absent. */
export interface WindowsQuery {
  readonly from?: number;
  readonly to?: number;
  readonly sensor?: string;
}

export interface ApplyResult {
  /** The records that changed the read models, in order; redelivered ones are left out. */
  readonly applied: readonly ProjectedRecord[];
  /** Records at or below their partition's position: already applied, so nothing changed. */
  readonly skipped: number;
}

/**
 * Where the read models live. Every method is async so that a database fits behind it: a
 * PostgreSQL store applies a batch in one transaction (the views it touches and the positions
 * table together, so a crash leaves both or neither), and answers each read from one snapshot
 * so that the positions it returns are the ones the value reflects.
 */
export interface ReadModelStore {
  /**
   * Applies records in order. A record at or below its partition's last applied offset changes
   * nothing, so a batch delivered twice leaves the read models as once.
   */
  apply(batch: readonly ProjectedRecord[]): Promise<ApplyResult>;
  device(deviceId: string): Promise<Reflecting<DeviceView | undefined>>;
  devices(query: DevicesQuery): Promise<Reflecting<Page<DeviceView>>>;
  /** Undefined when the device is unknown and has no windows. Ordered by windowStart, sensor. */
  windows(deviceId: string, query: WindowsQuery): Promise<Reflecting<WindowView[] | undefined>>;
  alerts(query: AlertsQuery): Promise<Reflecting<Page<AlertView>>>;
  command(commandId: string): Promise<Reflecting<CommandOutcome | undefined>>;
  positions(): Promise<Positions>;
  /** Everything, in a stable order: for rebuild's comparison and operators. */
  export(): Promise<ReadModelsExport>;
  /** Forgets everything, positions included: the next apply starts from scratch. */
  reset(): Promise<void>;
}
