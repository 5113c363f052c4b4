import { shanghaiDateOf } from '@app/domain';
import { Principal, Role } from '@app/auth';
import { RepairService, TierOutlookService } from '@app/selfservice';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The demo enterprise and the penalty it repairs (seeds/demo: story food-penalties). */
const USCC = '91350102MA2185DF48';
const RECORD_SOURCE_ID = 'DEMO-0008';

/**
 * The enterprise's side (issue #15): its tier in plain words, what can change it, the forecast; a
 * credit repair filed, approved by a regulator of its region, and the new tier. Re-runnable: a
 * record repaired by an earlier run is shown as such and nothing is filed again.
 */
@Injectable()
export class SelfServiceDemoStep {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outlooks: TierOutlookService,
    private readonly repairs: RepairService,
  ) {}

  async run(): Promise<void> {
    console.log('\n== Enterprise self-service and credit repair (信用修复) ==');
    const enterprise: Principal = {
      subject: `demo:enterprise:${USCC}`,
      roles: [Role.Enterprise],
      uscc: USCC,
    };
    const regulator: Principal = { subject: 'demo:regulator:35', roles: [Role.Regulator], regions: ['35'] };
    const [record]: { id: string }[] = await this.dataSource.query(
      `SELECT id::text AS id FROM credit_records WHERE uscc = $1 AND source_record_id = $2`,
      [USCC, RECORD_SOURCE_ID],
    );
    if (!record) {
      console.log(`   (demo record ${RECORD_SOURCE_ID} of ${USCC} is missing: skipped)`);
      return;
    }
    const before = await this.outlooks.outlook(USCC, 'zh', 'enterprise');
    console.log(`   as the enterprise ${before.name} (${USCC}), GET /api/v1/me/tier:`);
    console.log(`   tier ${before.tierText}`);
    for (const r of before.reasons) console.log(`     · ${r.text}`);
    console.log('   what can change it:');
    for (const c of before.whatCanChangeIt) console.log(`     · [record ${c.record.id}] ${c.text}`);
    console.log(`   forecast: ${before.forecast.text}`);

    const [done]: { id: string; status: string; decided_at: Date | null }[] = await this.dataSource.query(
      `SELECT id, status, decided_at FROM repair_applications WHERE record_id = $1 ORDER BY filed_at DESC LIMIT 1`,
      [record.id],
    );
    if (done) {
      console.log(
        `   record ${record.id} was repaired by an earlier run (application ${done.id}, ${done.status}` +
          `${done.decided_at ? ` ${new Date(done.decided_at).toISOString().slice(0, 10)}` : ''}): nothing filed again`,
      );
      return;
    }
    const filed = await this.repairs.file(
      enterprise,
      {
        recordId: record.id,
        evidence: {
          corrected: true,
          penaltyFulfilled: true,
          commitment: '已完成整改并缴清罚款, 承诺今后守法经营',
          attachments: ['罚款缴纳凭证.pdf', '整改报告.pdf'],
        },
      },
      'zh',
    );
    console.log(
      `   POST /api/v1/repair-applications { recordId: ${record.id} } → 201 ${filed.status}; profile ${filed.profile}` +
        ` (${filed.grade}), decide within ${filed.decisionWorkingDays} working days, by the end of ${shanghaiDateOf(new Date(filed.decideBy))} (Asia/Shanghai)`,
    );
    const decided = await this.repairs.decide(regulator, filed.id, {
      decision: 'approve',
      reason: '已整改并履行处罚, 同意信用修复',
    });
    console.log(
      `   as a regulator of region 35: POST /api/v1/repair-applications/${filed.id}/decision approve → ${decided.status}; ` +
        `re-tiered at once: ${decided.tierAfter ?? '?'}`,
    );
    const after = await this.outlooks.outlook(USCC, 'zh', 'enterprise');
    console.log(`   the enterprise's tier now: ${after.tierText} (was ${before.tierText})`);
    console.log(`   forecast now: ${after.forecast.text}`);
  }
}
