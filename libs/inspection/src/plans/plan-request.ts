import { DomainError, ErrorCode, ErrorDetail } from '@app/domain';
import { checkedBody } from '@app/http';
import { CreatePlanDto } from './plan.dto';

export interface PlanItem {
  name: string;
  /** Key items (safety, quality, public interest) are not capped by the general-item ratios. */
  type: 'key' | 'general';
  department: string;
  /** The qualification an inspector needs for the item (default: the item's name). */
  qualification?: string;
}

export interface PlanRequest {
  name: string;
  window: { start: string; end: string };
  scope: { regionPrefix?: string; industries?: string[]; tiers?: string[]; tag?: string };
  items: PlanItem[];
  draw: 'directed' | 'undirected';
  ratioOverrides: Record<string, number>;
  seed?: string;
  /** Absent: the default of the deadline rules in force (rules/deadlines, inspectorsPerVisit). */
  inspectorsPerTask?: number;
  /** Join open tasks carrying one of the items in an overlapping window (joint visit) instead of only listing them. */
  joinOverlapping: boolean;
}

/**
 * The plan a request (already of the shape CreatePlanDto validates) asks for, with its defaults, or
 * the problems that are not of shape: a directed draw (定向) names its category.
 */
export function planRequestOf(
  dto: CreatePlanDto,
): { ok: true; plan: PlanRequest } | { ok: false; problems: ErrorDetail[] } {
  const scope = dto.scope ?? {};
  if (dto.draw === 'directed' && scope.tag === undefined && scope.industries === undefined) {
    return {
      ok: false,
      problems: [
        {
          path: 'scope',
          message: 'a directed draw (定向) names its category: scope.tag or scope.industries',
        },
      ],
    };
  }
  return {
    ok: true,
    plan: {
      name: dto.name.trim(),
      window: { start: dto.window.start, end: dto.window.end },
      scope: {
        ...(scope.regionPrefix !== undefined && { regionPrefix: scope.regionPrefix }),
        ...(scope.industries !== undefined && { industries: scope.industries }),
        ...(scope.tiers !== undefined && { tiers: scope.tiers }),
        ...(scope.tag !== undefined && { tag: scope.tag }),
      },
      items: dto.items.map((i) => ({
        name: i.name.trim(),
        type: i.type,
        department: i.department,
        ...(i.qualification !== undefined && { qualification: i.qualification }),
      })),
      draw: dto.draw,
      ratioOverrides: { ...(dto.ratioOverrides ?? {}) },
      ...(dto.seed !== undefined && { seed: dto.seed }),
      ...(typeof dto.inspectorsPerTask === 'number' && { inspectorsPerTask: dto.inspectorsPerTask }),
      joinOverlapping: dto.joinOverlapping === true,
    },
  };
}

/**
 * A plan request from a caller: a CreatePlanDto the ValidationPipe already checked, or (from the
 * CLI, the demo, a test) a plain object checked here with the same class. Throws a 400 naming
 * every problem.
 */
export function checkedPlanRequest(body: unknown): PlanRequest {
  const parsed = planRequestOf(checkedBody(CreatePlanDto, body, 'inspection plan'));
  if (!parsed.ok)
    throw new DomainError(ErrorCode.ValidationFailed, 'invalid inspection plan', parsed.problems);
  return parsed.plan;
}
