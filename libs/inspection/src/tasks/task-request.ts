import { DomainError, ErrorCode } from '@app/domain';
import { validateAs } from '@app/http';
import { TaskResult } from './task-result';
import { TaskCancelDto, TaskCorrectionDto, TaskResultDto } from './task.dto';

/**
 * A body of a task route as its DTO class: the instance the ValidationPipe already checked, or a
 * plain object (the CLI, the demo, a test) checked here with the same class. Throws a 400 naming
 * every problem.
 */
function checked<T extends object>(cls: new () => T, body: unknown, what: string): T {
  if (body instanceof cls) return body;
  const result = validateAs(cls, body, '');
  if (!result.ok) throw new DomainError(ErrorCode.ValidationFailed, `invalid ${what}`, result.problems);
  return result.value;
}

/**
 * The result a TaskResultDto (checked) stands for, or the problem that is not of shape: issues
 * found name at least one finding. `at` prefixes the path (`result.` inside a correction).
 */
export function taskResultOf(dto: TaskResultDto, at = ''): TaskResult {
  const findings = (dto.findings ?? []).map((f) => f.trim());
  if (dto.outcome === 'issues_found' && findings.length === 0) {
    throw new DomainError(ErrorCode.ValidationFailed, 'invalid inspection result', [
      { path: `${at}findings`, message: 'must name at least one finding when issues were found' },
    ]);
  }
  return { outcome: dto.outcome, findings, followUp: dto.followUp ?? null };
}

export function checkedTaskResult(body: unknown): TaskResult {
  return taskResultOf(checked(TaskResultDto, body, 'inspection result'));
}

export function checkedCorrection(body: unknown): {
  action: 'correct' | 'withdraw';
  reason: string;
  result?: TaskResult;
} {
  const dto = checked(TaskCorrectionDto, body, 'correction');
  return {
    action: dto.action,
    reason: dto.reason.trim(),
    ...(dto.action === 'correct' && { result: taskResultOf(dto.result!, 'result.') }),
  };
}

export function checkedCancelReason(reason: unknown): string {
  return checked(TaskCancelDto, { reason }, 'cancellation').reason.trim();
}
