import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ACQUISITION_KINDS } from '../domain/investment-event.types';
import { industrySection } from '../domain/industry-section.util';
import type { GroupView } from '../domain/light-facts';

/** Control chains longer than this are cut (and cycles end there). */
const MAX_DEPTH = 20;

/**
 * The investor's group on a date, over the ownership graph: walk up the control links valid on the
 * date (stake above the rule set's control percent; a link is valid from `valid_from` to `valid_to`
 * inclusive) to the ultimate controller(s), then down to everything they control. Serial
 * acquisitions and the core business are counted over the whole group, not one legal entity.
 */
@Injectable()
export class GroupRepository {
  async members(
    manager: EntityManager,
    uscc: string,
    on: string,
    controlStakePercent: number,
  ): Promise<string[]> {
    const rows: { uscc: string }[] = await manager.query(
      `WITH RECURSIVE
         control AS (
           SELECT parent_uscc, child_uscc FROM ownership_links
            WHERE stake_percent > $3::numeric AND valid_from <= $2::date AND (valid_to IS NULL OR valid_to >= $2::date)),
         up (uscc, depth) AS (
           SELECT $1::bpchar, 0
           UNION
           SELECT c.parent_uscc, up.depth + 1 FROM control c JOIN up ON c.child_uscc = up.uscc WHERE up.depth < ${MAX_DEPTH}),
         top AS (
           SELECT DISTINCT u.uscc FROM up u WHERE NOT EXISTS (SELECT 1 FROM control c WHERE c.child_uscc = u.uscc)
           UNION
           SELECT $1::bpchar WHERE NOT EXISTS (
             SELECT 1 FROM up u WHERE NOT EXISTS (SELECT 1 FROM control c WHERE c.child_uscc = u.uscc))),
         down (uscc, depth) AS (
           SELECT uscc, 0 FROM top
           UNION
           SELECT c.child_uscc, down.depth + 1 FROM control c JOIN down ON c.parent_uscc = down.uscc WHERE down.depth < ${MAX_DEPTH})
       SELECT DISTINCT uscc::text AS uscc FROM down ORDER BY 1`,
      [uscc, on, String(controlStakePercent)],
    );
    const members = rows.map((r) => r.uscc.trim());
    return members.includes(uscc) ? members : [uscc, ...members].sort();
  }

  async view(
    manager: EntityManager,
    uscc: string,
    on: string,
    outcome: { serialWindow: string; controlStakePercent: number },
    /** The deal's target, left out of the core business even when already linked into the group. */
    targetUscc: string | null,
  ): Promise<GroupView> {
    const members = await this.members(manager, uscc, on, outcome.controlStakePercent);
    const industries: { industry_code: string }[] = await manager.query(
      `SELECT DISTINCT industry_code FROM enterprises WHERE uscc = ANY($1::bpchar[])`,
      [members.filter((m) => m !== targetUscc)],
    );
    const coreSections = [
      ...new Set(industries.map((r) => industrySection(r.industry_code)).filter((s): s is string => !!s)),
    ].sort();
    // PostgreSQL reads ISO-8601 durations (P12M) as intervals.
    const acquisitions: { id: string }[] = await manager.query(
      `SELECT id::text AS id FROM investment_events
        WHERE uscc = ANY($1::bpchar[]) AND kind = ANY($2::text[])
          AND occurred_on <= $3::date AND occurred_on > ($3::date - $4::interval)::date
        ORDER BY occurred_on, id`,
      [members, ACQUISITION_KINDS, on, outcome.serialWindow],
    );
    return {
      members,
      coreSections,
      acquisitionsInWindow: acquisitions.length,
      acquisitionIds: acquisitions.map((a) => a.id),
      window: outcome.serialWindow,
    };
  }
}
