import { shanghaiDateOf } from '@app/domain';
import { InspectionLimitsService, PlanService, PlanView } from '@app/inspection';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The department of the demo's second plan: its items join the food-safety plan's open visits. */
const DEPARTMENT = '价格监督检查处';

/**
 * 无事不扰 (issue #13, docs/inspection-limits.md): a second department plans the same item in the
 * same window as the demo's 双随机 plan — no enterprise is drawn twice, its items join the open
 * visits instead (one visit, two departments); then the yearly load against the annual cap and the
 * enterprises inspected most often. Re-runnable: the plan has a fixed name and is drawn once.
 */
@Injectable()
export class InspectionLimitsDemoStep {
  constructor(
    private readonly dataSource: DataSource,
    private readonly plans: PlanService,
    private readonly limits: InspectionLimitsService,
  ) {}

  async run(): Promise<void> {
    console.log('\n-- 无事不扰: annual cap, joint visits, inspection load (issue #13) --');
    const asOf = shanghaiDateOf(new Date());
    const [food]: { window_start: string; window_end: string }[] = await this.dataSource.query(
      `SELECT window_start::text, window_end::text FROM inspection_plans WHERE name = $1
        ORDER BY created_at LIMIT 1`,
      [`演示: ${asOf} 食品安全双随机抽查`],
    );
    if (!food) {
      console.log('   (no food-safety plan of today to join: run the whole demo)');
      return;
    }
    const name = `演示: ${asOf} 价格监督检查 (与食品安全抽查联合)`;
    const [existing]: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM inspection_plans WHERE name = $1`,
      [name],
    );
    let plan: PlanView;
    if (existing) {
      plan = await this.plans.get(existing.id);
    } else {
      plan = await this.plans.create(
        {
          name,
          window: { start: food.window_start, end: food.window_end },
          scope: {},
          items: [
            { name: '食品安全', type: 'general', department: DEPARTMENT, qualification: '食品安全' },
            { name: '明码标价', type: 'general', department: DEPARTMENT, qualification: '食品安全' },
          ],
          seed: `demo-joint-${asOf}`,
          joinOverlapping: true,
        },
        'demo',
      );
    }
    const joint = plan.summary.jointVisits ?? [];
    console.log(
      `   ${DEPARTMENT} plans 食品安全 + 明码标价 in the same window (${food.window_start}…${food.window_end})` +
        `${existing ? ' [drawn on an earlier run]' : ''}:\n` +
        `   pool ${plan.poolSize}, drawn ${plan.selected}; kept out: ${JSON.stringify(plan.summary.excluded)}\n` +
        `   ${joint.filter((j) => j.joined).length} enterprise(s) already had an open visit for 食品安全: not drawn again, ` +
        `the plan's items joined that visit (joinOverlapping)`,
    );
    const example = joint.find((j) => j.joined);
    if (example) {
      const [task]: { items: { name: string; department: string }[] }[] = await this.dataSource.query(
        `SELECT items FROM inspection_tasks WHERE id = $1`,
        [example.jointWith],
      );
      console.log(
        `   e.g. ${example.uscc}: one visit (task ${example.jointWith}) now carries ` +
          task.items.map((i) => `${i.name} [${i.department}]`).join(', '),
      );
      const load = await this.limits.load(example.uscc);
      console.log(
        `   its ${load.year} load against the annual cap of ${load.cap} per department (frequency ${load.frequencyVersion}): ` +
          load.departments.map((d) => `${d.department} ${d.count}/${d.cap}`).join(', ') +
          ` — GET /api/v1/enterprises/${example.uscc}/inspection-load`,
      );
    }
    const top = await this.limits.top(null, undefined, 3, 0);
    console.log(
      `   inspected most often this year (GET /api/v1/inspection-load/top): ` +
        (top.items
          .map((t) => `${t.uscc} ${t.department} ${t.count}${t.reached ? ' ⚠ at the cap' : ''}`)
          .join('; ') || 'none'),
    );
    console.log(
      `   a plan never draws an enterprise at the cap for its department (annual_cap); a triggered visit over it is flagged ` +
        `and starts only after POST /api/v1/inspection-tasks/:id/legal-basis; an unassignable task can be staffed by hand ` +
        `(POST /api/v1/inspection-tasks/:id/inspectors)`,
    );
  }
}
