import { jobCoverageProblems } from './job-coverage';
import { ALL_JOB_NAMES, JOB_QUEUE, JobName } from './queue.contract';

describe('jobCoverageProblems', () => {
  const all = [JobName.AuditVerifyChain, JobName.OutboxPrune];

  it('accepts exactly one handler per job', () => {
    expect(
      jobCoverageProblems(all, [
        { job: JobName.AuditVerifyChain, owner: 'AuditJobs.verify' },
        { job: JobName.OutboxPrune, owner: 'OutboxJobs.prune' },
      ]),
    ).toEqual([]);
  });

  it('names a job with no handler, one with two, and an unknown one', () => {
    expect(
      jobCoverageProblems(all, [
        { job: JobName.OutboxPrune, owner: 'A.prune' },
        { job: JobName.OutboxPrune, owner: 'B.prune' },
        { job: 'nope', owner: 'C.x' },
      ]),
    ).toEqual([
      'job "audit.verify-chain" has no handler',
      'job "outbox.prune" has 2 handlers: A.prune, B.prune',
      'C.x handles unknown job "nope"',
    ]);
  });

  it('maps every job of the contract to a queue', () => {
    for (const job of ALL_JOB_NAMES) expect(JOB_QUEUE[job]).toBeDefined();
  });
});
