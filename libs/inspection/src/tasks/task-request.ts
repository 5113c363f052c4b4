import { DomainError, ErrorCode } from '@app/domain';
import { checkedBody } from '@app/http';
import { TaskResult } from './task-result';
import { TaskCancelDto, TaskCorrectionDto, TaskResultDto } from './task.dto';

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
  return taskResultOf(checkedBody(TaskResultDto, body, 'inspection result'));
}

export function checkedCorrection(body: unknown): {
  action: 'correct' | 'withdraw';
  reason: string;
  result?: TaskResult;
} {
  const dto = checkedBody(TaskCorrectionDto, body, 'correction');
  return {
    action: dto.action,
    reason: dto.reason.trim(),
    ...(dto.action === 'correct' && { result: taskResultOf(dto.result!, 'result.') }),
  };
}

export function checkedCancelReason(reason: unknown): string {
  return checkedBody(TaskCancelDto, { reason }, 'cancellation').reason.trim();
}
