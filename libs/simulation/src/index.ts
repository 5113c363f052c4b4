// Rule-set simulation and backtest (issue #12): what a draft would change, measured on the stored population.
export { SimulationModule, SimulationHttpModule, SimulationWorkerModule } from './simulation.module';
export {
  SimulationService,
  type CreateSimulation,
  type SimulationChange,
} from './simulations/simulation.service';
export { SimulationRunner, type SimulationChunkOutcome } from './simulations/simulation.runner';
export type { SimulationView, SimulationResult } from './simulations/simulation.view';
export { BacktestService, type BacktestView, type BacktestFilter } from './backtest/backtest.service';
export { backtestTable, type BacktestRow } from './backtest/backtest-table';
export { workloadRulesInForce, type WorkloadRules } from './workload/workload-rules';
