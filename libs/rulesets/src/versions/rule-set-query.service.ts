import { DomainError, ErrorCode, RULE_SET_KINDS, RuleSetKind } from '@app/domain';
import type { RuleSetDiff, RuleSetDocument } from '@app/rules';
import { Injectable } from '@nestjs/common';
import { RuleSetStore } from '../rule-set.store';
import { RuleSetVersionRepository, RuleSetVersionView } from './rule-set-version.repository';
import { diffVersions } from './version-check';

export interface RuleSetKindSummary {
  kind: RuleSetKind;
  /** The version in force now (status in_force), or none. */
  inForce: RuleSetVersionView | null;
  /** Published versions waiting for their effectiveFrom, soonest first. */
  scheduled: RuleSetVersionView[];
  /** Drafts and approved versions not yet published, oldest first. */
  drafts: RuleSetVersionView[];
}

/** Reads for authors, approvers and regulators: the kinds at a glance, a kind's versions, diffs. */
@Injectable()
export class RuleSetQueryService {
  constructor(
    private readonly versions: RuleSetVersionRepository,
    private readonly store: RuleSetStore,
  ) {}

  async summary(): Promise<RuleSetKindSummary[]> {
    await this.store.ensureShipped();
    const current = await this.versions.current();
    return RULE_SET_KINDS.map((kind) => {
      const of = current.filter((v) => v.kind === kind);
      return {
        kind,
        inForce: of.find((v) => v.status === 'in_force') ?? null,
        scheduled: of.filter((v) => v.status === 'scheduled'),
        drafts: of.filter((v) => v.status === 'draft' || v.status === 'approved'),
      };
    });
  }

  async page(kind: RuleSetKind, limit: number, offset: number) {
    await this.store.ensureShipped();
    return this.versions.page(kind, limit, offset);
  }

  async get(kind: RuleSetKind, version: string): Promise<RuleSetVersionView> {
    await this.store.ensureShipped();
    return this.versions.get(kind, version);
  }

  /** What changes from `against` to `version` (libs/rules diffRuleSets; both must be valid documents). */
  async diff(kind: RuleSetKind, version: string, against: string): Promise<RuleSetDiff> {
    const [to, from] = [await this.get(kind, version), await this.versions.find(kind, against)];
    if (!from) {
      throw new DomainError(ErrorCode.NotFound, `no ${kind} rule-set version ${against}`, [
        { path: 'against', message: `no ${kind} version ${against}` },
      ]);
    }
    for (const [v, path] of [
      [from, 'against'],
      [to, 'version'],
    ] as const) {
      if (v.problems.length > 0) {
        throw new DomainError(
          ErrorCode.Conflict,
          `${kind} ${v.version} has problems; fix them before diffing`,
          [
            {
              path,
              message: `${v.version} has ${v.problems.length} problem(s), first: ${v.problems[0].message}`,
            },
          ],
        );
      }
    }
    return diffVersions(from.document as RuleSetDocument, to.document as RuleSetDocument);
  }
}
