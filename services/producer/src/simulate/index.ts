/** The simulator's pure part, for tests that compute what a run must produce from its options. */
export {
  maxPlannedReadings,
  planProblems,
  sendSlots,
  sensorKinds,
  simulationPlan,
  scenarioNames,
  type Behaviour,
  type PlanOptions,
  type PlannedCommand,
  type PlannedDevice,
  type PlanProblem,
  type Scenario,
  type SendItem,
  type SimulationPlan,
  type Spike,
  type Threshold,
} from './plan.js';
export { LATE_BY_MS, OUT_OF_ORDER_SPAN_MS, SPIKE_MS } from './scenarios.js';
export { plannedCommandRecord } from './commands.js';
