import { DomainError } from '@app/domain';
import { checkedCancelReason, checkedCorrection, checkedTaskResult } from './task-request';

/** The details of the 400 a body is refused with. */
function refusal(fn: () => unknown): { path: string; message: string }[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error.details;
    throw error;
  }
  throw new Error('the body was accepted');
}

describe('task bodies: TaskResultDto, TaskCorrectionDto, TaskCancelDto', () => {
  it('takes a result with its defaults, findings trimmed', () => {
    expect(checkedTaskResult({ outcome: 'compliant' })).toEqual({
      outcome: 'compliant',
      findings: [],
      followUp: null,
    });
    expect(checkedTaskResult({ outcome: 'issues_found', findings: [' 标签不规范 '], followUp: '' })).toEqual({
      outcome: 'issues_found',
      findings: ['标签不规范'],
      followUp: '',
    });
  });

  it('names every problem of a result by its field, a finding by its index', () => {
    expect(refusal(() => checkedTaskResult({ outcome: 'fine', findings: 'x', extra: 1 }))).toEqual([
      { path: 'extra', message: 'is not a known field (outcome, findings, followUp)' },
      { path: 'outcome', message: 'must be one of compliant, issues_found, not_found_at_address, closed' },
      { path: 'findings', message: 'must be a list of at most 200 findings' },
    ]);
    expect(
      refusal(() => checkedTaskResult({ outcome: 'compliant', findings: ['ok', ' '], followUp: 3 })),
    ).toEqual([
      { path: 'findings[1]', message: 'must be a text of 1-2000 characters' },
      { path: 'followUp', message: 'must be a text of at most 2000 characters, or null' },
    ]);
    expect(refusal(() => checkedTaskResult({ outcome: 'issues_found' }))).toEqual([
      { path: 'findings', message: 'must name at least one finding when issues were found' },
    ]);
  });

  it('checks the result of a correction under result., and only for action correct', () => {
    expect(
      refusal(() =>
        checkedCorrection({ action: 'correct', reason: 'x', result: { outcome: 'issues_found' } }),
      ),
    ).toEqual([
      { path: 'result.findings', message: 'must name at least one finding when issues were found' },
    ]);
    expect(refusal(() => checkedCorrection({ action: 'correct', reason: ' ' }))).toEqual([
      { path: 'reason', message: 'must be a text of 1-500 characters' },
      { path: 'result', message: 'must be an object: the corrected result' },
    ]);
    expect(refusal(() => checkedCorrection({ action: 'redo', reason: 'x' }))).toEqual([
      { path: 'action', message: 'must be correct or withdraw' },
    ]);
    expect(checkedCorrection({ action: 'withdraw', reason: ' 程序瑕疵 ' })).toEqual({
      action: 'withdraw',
      reason: '程序瑕疵',
    });
  });

  it('needs a cancellation reason of 1-500 characters', () => {
    expect(checkedCancelReason(' 企业已注销 ')).toBe('企业已注销');
    expect(refusal(() => checkedCancelReason('x'.repeat(501)))).toEqual([
      { path: 'reason', message: 'must be a text of 1-500 characters' },
    ]);
    expect(refusal(() => checkedCancelReason(undefined))).toEqual([
      { path: 'reason', message: 'must be a text of 1-500 characters' },
    ]);
  });
});
