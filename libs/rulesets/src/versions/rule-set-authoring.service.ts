import { Clock, DomainError, ErrorCode, nextRuleSetStatus, RuleSetKind, shanghaiDateOf } from '@app/domain';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ruleSetChecksum } from '../rule-set.store';
import { applyJsonPatch, PatchOperation } from './json-patch';
import { RuleSetVersionRepository, RuleSetVersionView } from './rule-set-version.repository';
import { checkVersion } from './version-check';
import { assertLabel, nextLabel } from './version-label';
import { assertKind, VersionSteps } from './version-steps';

export interface CreateDraft {
  /** A full document… */
  document?: unknown;
  /** …or a stored version of the kind and an RFC 6902 patch applied to its document. */
  base?: string;
  patch?: PatchOperation[];
}

/**
 * The author's side: drafts from a full document or a patched base, and patches to drafts. Every
 * create and edit runs the full validator, the scenario tests and the static checks; a draft with
 * problems is stored with them (it can never be approved). The label is the document's `version`;
 * a document without one gets `<year>.<n>` (the year of today in Asia/Shanghai, the next free n).
 */
@Injectable()
export class RuleSetAuthoringService {
  private readonly logger = new Logger(RuleSetAuthoringService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly versions: RuleSetVersionRepository,
    private readonly steps: VersionSteps,
    private readonly clock: Clock,
  ) {}

  async create(kind: RuleSetKind, input: CreateDraft, author: string): Promise<RuleSetVersionView> {
    if ((input.document === undefined) === (input.base === undefined)) {
      throw new DomainError(ErrorCode.ValidationFailed, 'give either a document or a base with a patch', [
        {
          path: input.document === undefined ? 'document' : 'base',
          message: 'give either document, or base and patch',
        },
      ]);
    }
    if (input.base !== undefined && input.patch === undefined) {
      throw new DomainError(ErrorCode.ValidationFailed, 'a base needs a patch', [
        { path: 'patch', message: 'required with base (an RFC 6902 JSON Patch, [] for a plain copy)' },
      ]);
    }
    const now = this.clock.now();
    const view = await this.dataSource.transaction(async (m) => {
      let document: unknown;
      let at = 'document';
      let basedOn: string | null = null;
      if (input.base !== undefined) {
        const base = await this.versions.find(kind, input.base, { manager: m });
        if (!base) {
          throw new DomainError(ErrorCode.NotFound, `no ${kind} rule-set version ${input.base}`, [
            { path: 'base', message: `no ${kind} version ${input.base}` },
          ]);
        }
        document = applyJsonPatch(base.document, input.patch ?? []);
        at = 'patch';
        basedOn = base.version;
        // A patch that leaves the base's label alone asks for a new one.
        if (isObject(document) && document.version === base.version) delete document.version;
      } else {
        document = structuredClone(input.document);
      }
      assertKind(document, kind, at === 'patch' ? 'patch' : 'document');
      const label =
        document.version === undefined
          ? nextLabel(`${shanghaiDateOf(now).slice(0, 4)}.`, await this.versions.labelsLike(m, kind, ''))
          : assertLabel(document.version, `${at === 'patch' ? 'patch' : 'document'}.version`);
      const drafted = { ...document, version: label };
      const check = checkVersion(drafted);
      const created = await this.versions.insert(m, {
        kind,
        version: label,
        status: 'draft',
        document: drafted,
        checksum: ruleSetChecksum(drafted),
        author,
        problems: check.problems,
        warnings: check.warnings,
        scenarios: check.scenarios,
        basedOn,
        now,
      });
      await this.steps.record(m, author, 'drafted', created, summary(created, { basedOn }), now);
      return created;
    });
    this.logger.log(`${kind} ${view.version} drafted by ${author}: ${describe(view)}`);
    return view;
  }

  /**
   * A JSON Patch to a draft (only drafts change; the label and kind stay). An editor other than the
   * author is recorded: four eyes means nobody who wrote any of it approves it.
   */
  async edit(
    kind: RuleSetKind,
    version: string,
    patch: PatchOperation[],
    editor: string,
  ): Promise<RuleSetVersionView> {
    const now = this.clock.now();
    const view = await this.dataSource.transaction(async (m) => {
      const current = await this.versions.get(kind, version, { manager: m, lock: true });
      nextRuleSetStatus(current.status, 'edit');
      const document = applyJsonPatch(current.document, patch);
      assertKind(document, kind, 'patch');
      if (document.version !== version) {
        throw new DomainError(ErrorCode.ValidationFailed, 'the version label of a draft is fixed', [
          {
            path: 'patch',
            message: `must leave /version as ${JSON.stringify(version)}; create a new draft instead`,
          },
        ]);
      }
      const check = checkVersion(document);
      const edited = await this.versions.update(m, current, {
        document,
        checksum: ruleSetChecksum(document),
        problems: check.problems,
        warnings: check.warnings,
        scenarios: check.scenarios,
        editors:
          editor === current.author || current.editors.includes(editor)
            ? undefined
            : [...current.editors, editor],
        updatedAt: now,
      });
      await this.steps.record(
        m,
        editor,
        'edited',
        edited,
        summary(edited, { previousChecksum: current.checksum, operations: patch.length }),
        now,
      );
      return edited;
    });
    this.logger.log(`${kind} ${version} edited by ${editor}: ${describe(view)}`);
    return view;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function summary(v: RuleSetVersionView, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    ...extra,
    problems: v.problems.length,
    warnings: v.warnings.length,
    scenariosFailed: v.scenarios?.failed ?? null,
  };
}

function describe(v: RuleSetVersionView): string {
  const scenarios = v.scenarios
    ? `${v.scenarios.passed}/${v.scenarios.total} scenarios pass`
    : 'scenarios not run';
  return `${v.problems.length} problem(s), ${v.warnings.length} warning(s), ${scenarios}`;
}
