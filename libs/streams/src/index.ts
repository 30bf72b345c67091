export {
  Processor,
  runProcessor,
  type ProcessorEvent,
  type ProcessorOptions,
} from './processor.js';
export {
  PartitionState,
  type KeyedHandler,
  type KeyedRecord,
  type KeyedResult,
  type RebuildFrom,
  type Restored,
  type SnapshotCodec,
  type SnapshotContext,
} from './state.js';
export {
  deepEqual,
  differences,
  mergePartitions,
  rebuildFromEvents,
  restoreSnapshots,
  type ReadOptions,
  type RestoreReport,
} from './restore.js';
export {
  deciderHandler,
  deciderRebuild,
  type DeciderProcessing,
  type RecordDecoder,
  type RecordSerde,
} from './decider.js';
export { progressBar, type ProgressOutput } from './progress.js';
export {
  rebuildCommand,
  type RebuildCommandOptions,
  type RebuildReport,
} from './rebuild-command.js';
