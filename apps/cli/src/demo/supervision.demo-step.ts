import { shanghaiDateOf } from '@app/domain';
import { IngestService, parseInput } from '@app/ingestion';
import { TriggerService } from '@app/inspection';
import { EnforcementService, ObservationQueryService } from '@app/supervision';
import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';

const NBF_STARTUP = '91330106MA2074DC0Q'; // 杭州星河无人配送科技有限公司 (a new business form)
const TRADER = '91370102MA2111DD9T'; // 济南远通商贸有限公司 (an ordinary trader)
const ITEM = 'price-tag-missing'; // 未按规定明码标价: on the first-offence list

/**
 * 包容审慎监管 (issue #13): a new business form entered observation when the demo assessed it, the
 * random plan left it out, a triggered inspection still reaches it; then a 首违不罚 recommendation
 * beside a penalty for a repeat offence. Re-runnable: fixed record ids, the trigger deduplicated in
 * its window, the earlier measure recorded once.
 */
@Injectable()
export class SupervisionDemoStep {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ingest: IngestService,
    private readonly periods: ObservationQueryService,
    private readonly triggers: TriggerService,
    private readonly enforcement: EnforcementService,
  ) {}

  async run(): Promise<void> {
    const today = shanghaiDateOf(new Date());
    console.log('\n== 包容审慎监管: observation period, triggered inspection, 首违不罚 ==');
    const view = await this.periods.ofEnterprise(NBF_STARTUP, today);
    const p = view.current;
    if (!p) {
      console.log(`   ${NBF_STARTUP} is not in an observation period (history: ${view.history.length})`);
    } else {
      console.log(
        `   ${NBF_STARTUP} 杭州星河无人配送科技: 观察期 ${p.startedOn} → ${p.endsOn} (${p.daysRemaining} days left), ` +
          `started by ${p.startedBy} on assessment: ${p.startReason}`,
      );
    }
    const [plan]: { name: string; excluded: Record<string, number>; drawn: boolean }[] =
      await this.dataSource.query(
        `SELECT p.name, p.summary->'excluded' AS excluded,
              EXISTS (SELECT 1 FROM inspection_tasks t WHERE t.plan_id = p.id AND t.uscc = $1) AS drawn
         FROM inspection_plans p ORDER BY p.created_at DESC LIMIT 1`,
        [NBF_STARTUP],
      );
    if (plan) {
      console.log(
        `   random plan "${plan.name}": kept out ${JSON.stringify(plan.excluded)}; ${NBF_STARTUP} drawn: ${plan.drawn ? 'yes' : 'no'}`,
      );
    }
    // Five complaints received the day before (fixed ids per demo day; never in the future, whatever the
    // hour of the run): a complaints surge triggers an inspection, observation or not.
    const yesterday = shanghaiDateOf(new Date(Date.parse(`${today}T12:00:00+08:00`) - 86_400_000));
    await this.ingest.ingest(
      'records',
      parseInput(
        'json',
        Readable.from([
          JSON.stringify(
            [1, 2, 3, 4, 5].map((n) => ({
              uscc: NBF_STARTUP,
              type: 'complaint',
              source: '12315',
              sourceRecordId: `DEMO-OBS-${today}-${n}`,
              severity: 'low',
              occurredAt: `${yesterday}T0${n}:00:00+08:00`,
              payload: { channel: '12315' },
            })),
          ),
        ]),
      ),
      { actor: 'seed:demo' },
    );
    const triggered = await this.triggers.check([NBF_STARTUP]);
    const [task]: { trigger_reason: string; status: string }[] = await this.dataSource.query(
      `SELECT trigger_reason, status FROM inspection_tasks WHERE uscc = $1 AND kind = 'triggered'
        ORDER BY created_at DESC LIMIT 1`,
      [NBF_STARTUP],
    );
    console.log(
      `   triggered inspection: ${task ? `${task.trigger_reason} (${task.status})` : 'none'}` +
        `${triggered.created.length ? ' — created now' : triggered.suppressed ? ' — already open in its window' : ''}`,
    );

    const violation = {
      item: ITEM,
      severity: 'minor',
      harm: 'minor',
      correctedInTime: true,
      occurredOn: today,
    };
    const first = await this.enforcement.recommend({ uscc: NBF_STARTUP, violation });
    console.log(
      `   首违不罚: ${NBF_STARTUP} 未按规定明码标价, first time → ${first.measureName} [${first.reasons[0].rule}, enforcement ${first.ruleSet.version}]`,
    );
    // The trader was let off once before for the same item (recorded once): now it is a repeat.
    const earlier = '2026-03-02';
    const [had]: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM enforcement_measures WHERE uscc = $1 AND item = $2 AND decided_on = $3::date`,
      [TRADER, ITEM, earlier],
    );
    if (!had) {
      await this.enforcement.record(
        {
          uscc: TRADER,
          item: ITEM,
          measure: 'no_penalty',
          decidedOn: earlier,
          reason: '首违不罚, 已责令改正 (demo)',
        },
        'demo',
      );
    }
    const repeat = await this.enforcement.recommend({ uscc: TRADER, violation });
    console.log(
      `   repeat:   ${TRADER} 未按规定明码标价 again (first let off ${earlier}) → ${repeat.measureName}: ${repeat.reasons[0].reason}`,
    );
  }
}
