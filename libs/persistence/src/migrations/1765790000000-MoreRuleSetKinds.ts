import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two more kinds of rule set, stored and published through the same lifecycle as the others:
 * `enforcement` (soft enforcement and 首违不罚 recommendations, issue #13) and
 * `platform-compliance` (the platform compliance evaluation, issue #14).
 */
export class MoreRuleSetKinds1765790000000 implements MigrationInterface {
  name = 'MoreRuleSetKinds1765790000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rule_set_versions DROP CONSTRAINT rule_set_versions_kind_check`);
    await q.query(`
      ALTER TABLE rule_set_versions ADD CONSTRAINT rule_set_versions_kind_check CHECK (kind IN (
        'tiering','frequency','observation','investment-light','triggers','repair','enforcement','platform-compliance'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rule_set_versions DROP CONSTRAINT rule_set_versions_kind_check`);
    await q.query(`
      ALTER TABLE rule_set_versions ADD CONSTRAINT rule_set_versions_kind_check CHECK (kind IN (
        'tiering','frequency','observation','investment-light','triggers','repair'))`);
  }
}
