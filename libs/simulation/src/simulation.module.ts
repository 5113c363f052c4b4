import { Clock } from '@app/domain';
import { RuleSetStoreModule } from '@app/rulesets';
import { Module } from '@nestjs/common';
import { BacktestService } from './backtest/backtest.service';
import { SimulationController } from './simulations/simulation.controller';
import { SimulationJobs } from './simulations/simulation.jobs';
import { SimulationRunner } from './simulations/simulation.runner';
import { SimulationService } from './simulations/simulation.service';

@Module({
  imports: [RuleSetStoreModule],
  providers: [Clock, SimulationService, SimulationRunner, BacktestService],
  exports: [SimulationService, SimulationRunner, BacktestService],
})
export class SimulationModule {}

/** The HTTP side (api app): simulations and backtests. */
@Module({ imports: [SimulationModule], controllers: [SimulationController] })
export class SimulationHttpModule {}

/** The worker side: the simulation jobs. */
@Module({ imports: [SimulationModule], providers: [SimulationJobs] })
export class SimulationWorkerModule {}
