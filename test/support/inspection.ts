import { ChangeFeed } from '@app/assessment';
import { AuditService } from '@app/audit';
import { AppConfig } from '@app/config';
import {
  Clock,
  InspectionLimitsService,
  InspectorService,
  PlanService,
  ResultFeed,
  RuleDataStore,
  TaskService,
  TriggerService,
} from '@app/inspection';
import { RuleSetStore } from '@app/rulesets';
import { OutboxWriter } from '@app/queue';
import { ClsService } from 'nestjs-cls';
import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource } from 'typeorm';
import { ingestService } from './ingest';

/** A clock the test sets. */
export class TestClock extends Clock {
  constructor(public current = new Date()) {
    super();
  }
  override now(): Date {
    return new Date(this.current);
  }
}

export interface InspectionServices {
  clock: TestClock;
  ruleData: RuleDataStore;
  tasks: TaskService;
  inspectors: InspectorService;
  feed: ResultFeed;
  plans: PlanService;
  triggers: TriggerService;
  limits: InspectionLimitsService;
}

/** The inspection services wired by hand (no Nest container), on a test clock. */
export function inspectionServices(
  ds: DataSource,
  config: AppConfig,
  clock = new TestClock(),
  ruleData = new RuleDataStore(),
): InspectionServices {
  const cls = new ClsService(new AsyncLocalStorage());
  const audit = new AuditService(ds, cls);
  const outbox = new OutboxWriter(cls);
  return {
    clock,
    ruleData,
    tasks: new TaskService(ds, outbox, audit, clock, ruleData),
    inspectors: new InspectorService(ds, audit),
    feed: new ResultFeed(ds, ingestService(ds, config), audit, new ChangeFeed(outbox, config)),
    plans: new PlanService(ds, new RuleSetStore(ds), outbox, audit, clock, ruleData),
    triggers: new TriggerService(ds, new RuleSetStore(ds), outbox, audit, clock, ruleData),
    limits: new InspectionLimitsService(ds, new RuleSetStore(ds), audit, clock, ruleData),
  };
}

/** A task row as a plan would write it (tests that are about the life cycle, not the draw). */
export async function insertTask(
  ds: DataSource,
  task: {
    id: string;
    uscc: string;
    status?: string;
    inspectors?: string[];
    scheduledStart: Date;
    dueAt: Date;
  },
): Promise<void> {
  await ds.query(
    `INSERT INTO inspection_tasks (id, uscc, kind, status, inspector_ids, items, scheduled_start, due_at, trigger_reason)
     VALUES ($1, $2, 'triggered', $3, $4, '[{"name":"食品安全","type":"key"}]', $5, $6, 'test')`,
    [
      task.id,
      task.uscc,
      task.status ?? 'assigned',
      task.inspectors ?? ['I-1', 'I-2'],
      task.scheduledStart,
      task.dueAt,
    ],
  );
}
