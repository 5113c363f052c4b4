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
           SELECT $1::bpchar COLLATE "C", 0
           UNION
           SELECT c.parent_uscc, up.depth + 1 FROM control c JOIN up ON c.child_uscc = up.uscc WHERE up.depth < ${MAX_DEPTH}),
         top AS (
           SELECT DISTINCT u.uscc FROM up u WHERE NOT EXISTS (SELECT 1 FROM control c WHERE c.child_uscc = u.uscc)
           UNION
           SELECT $1::bpchar COLLATE "C" WHERE NOT EXISTS (
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

  /**
   * `view` for a batch of events at once, set-based: one recursive query finds the group of every
   * distinct (investor, date), one reads the members' industries, one counts each group's
   * acquisitions in its window. Equal to calling `view` per event (test/integration/capital/
   * group-batch.int-spec.ts) as long as the batch's events are stored before it runs.
   */
  async viewMany(
    manager: EntityManager,
    items: readonly { uscc: string; on: string; targetUscc: string | null }[],
    outcome: { serialWindow: string; controlStakePercent: number },
  ): Promise<GroupView[]> {
    if (items.length === 0) return [];
    const keys = new Map<string, number>();
    const keyUscc: string[] = [];
    const keyOn: string[] = [];
    const keyOf = items.map(({ uscc, on }) => {
      const key = `${uscc}|${on}`;
      let k = keys.get(key);
      if (k === undefined) {
        keys.set(key, (k = keys.size));
        keyUscc.push(uscc);
        keyOn.push(on);
      }
      return k;
    });
    const valid = (c: string, d: string) =>
      `${c}.valid_from <= ${d} AND (${c}.valid_to IS NULL OR ${c}.valid_to >= ${d})`;
    const groups: { k: number; members: string[] }[] = await manager.query(
      `WITH RECURSIVE
         q (k, uscc, on_date) AS (
           SELECT (o - 1)::int, u COLLATE "C", d FROM unnest($1::bpchar[], $2::date[]) WITH ORDINALITY AS x(u, d, o)),
         control AS (
           SELECT parent_uscc, child_uscc, valid_from, valid_to FROM ownership_links WHERE stake_percent > $3::numeric),
         up (k, on_date, uscc, depth) AS (
           SELECT k, on_date, uscc, 0 FROM q
           UNION
           SELECT up.k, up.on_date, c.parent_uscc, up.depth + 1 FROM control c
             JOIN up ON c.child_uscc = up.uscc AND ${valid('c', 'up.on_date')} WHERE up.depth < ${MAX_DEPTH}),
         roots AS (
           SELECT DISTINCT u.k, u.on_date, u.uscc FROM up u
            WHERE NOT EXISTS (SELECT 1 FROM control c WHERE c.child_uscc = u.uscc AND ${valid('c', 'u.on_date')})),
         top AS (
           SELECT k, on_date, uscc FROM roots
           UNION
           SELECT q.k, q.on_date, q.uscc FROM q WHERE NOT EXISTS (SELECT 1 FROM roots r WHERE r.k = q.k)),
         down (k, on_date, uscc, depth) AS (
           SELECT k, on_date, uscc, 0 FROM top
           UNION
           SELECT down.k, down.on_date, c.child_uscc, down.depth + 1 FROM control c
             JOIN down ON c.parent_uscc = down.uscc AND ${valid('c', 'down.on_date')} WHERE down.depth < ${MAX_DEPTH})
       SELECT k, array_agg(DISTINCT uscc::text ORDER BY uscc::text) AS members FROM down GROUP BY k`,
      [keyUscc, keyOn, String(outcome.controlStakePercent)],
    );
    const membersOf: string[][] = keyUscc.map((u) => [u]);
    for (const g of groups) {
      const members = g.members.map((m) => m.trim());
      const uscc = keyUscc[g.k];
      membersOf[g.k] = members.includes(uscc) ? members : [uscc, ...members].sort();
    }
    const everyone = [...new Set(membersOf.flat())];
    const industries: { uscc: string; industry_code: string }[] = await manager.query(
      `SELECT uscc::text AS uscc, industry_code FROM enterprises WHERE uscc = ANY($1::bpchar[])`,
      [everyone],
    );
    const industryOf = new Map(industries.map((r) => [r.uscc.trim(), r.industry_code]));
    const pairK = membersOf.flatMap((members, k) => members.map(() => k));
    const acquisitions: { k: number; ids: string[] }[] = await manager.query(
      `SELECT m.k, array_agg(ev.id::text ORDER BY ev.occurred_on, ev.id) AS ids
         FROM unnest($1::int[], $2::bpchar[]) AS m(k, uscc)
         JOIN unnest($3::date[]) WITH ORDINALITY AS d(on_date, o) ON d.o - 1 = m.k
         JOIN investment_events ev ON ev.uscc = m.uscc AND ev.kind = ANY($4::text[])
          AND ev.occurred_on <= d.on_date AND ev.occurred_on > (d.on_date - $5::interval)::date
        GROUP BY m.k`,
      [pairK, membersOf.flat(), keyOn, ACQUISITION_KINDS, outcome.serialWindow],
    );
    const idsOf = new Map(acquisitions.map((a) => [a.k, a.ids]));
    return items.map((item, i) => {
      const k = keyOf[i];
      const members = membersOf[k];
      const coreSections = [
        ...new Set(
          members
            .filter((m) => m !== item.targetUscc)
            .map((m) => industryOf.get(m))
            .map((code) => (code === undefined ? undefined : industrySection(code)))
            .filter((s): s is string => !!s),
        ),
      ].sort();
      const ids = idsOf.get(k) ?? [];
      return {
        members: [...members],
        coreSections,
        acquisitionsInWindow: ids.length,
        acquisitionIds: [...ids],
        window: outcome.serialWindow,
      };
    });
  }
}
