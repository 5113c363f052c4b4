import { Role, Roles, CurrentPrincipal, Principal } from '@app/auth';
import { DomainError, ErrorCode } from '@app/domain';
import { JOB_QUEUE, JobName, OutboxWriter, QueueRegistry } from '@app/queue';
import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';

/** Administrators ask the worker to verify the audit chain and read the outcome. */
@ApiTags('audit')
@Controller('audit/verifications')
export class AuditController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly queues: QueueRegistry,
  ) {}

  @Post()
  @HttpCode(202)
  @Roles(Role.Admin)
  @ApiOperation({ summary: 'Queue a full verification of the audit hash chain' })
  async request(@CurrentPrincipal() principal: Principal): Promise<{ id: string; status: 'queued' }> {
    const id = `audit-verify-${randomUUID()}`;
    await this.dataSource.transaction((m) =>
      this.outbox.enqueue(
        m,
        { name: JobName.AuditVerifyChain, data: { requestedBy: principal.subject } },
        { jobId: id },
      ),
    );
    return { id, status: 'queued' };
  }

  @Get(':id')
  @Roles(Role.Admin)
  @ApiOperation({ summary: 'State and result of a verification' })
  async get(@Param('id') id: string): Promise<{ id: string; status: string; result: unknown }> {
    if (!/^audit-verify-[0-9a-f-]{36}$/.test(id)) {
      throw new DomainError(ErrorCode.ValidationFailed, 'not a verification id', [
        { path: 'id', message: 'must look like audit-verify-<uuid>' },
      ]);
    }
    const job = await this.queues.get(JOB_QUEUE[JobName.AuditVerifyChain]).getJob(id);
    if (!job) {
      // Still in the outbox (the worker's relay has not moved it yet), or unknown.
      const [row] = await this.dataSource.query(`SELECT 1 FROM outbox WHERE job_id = $1`, [id]);
      if (row) return { id, status: 'queued', result: null };
      throw new DomainError(ErrorCode.NotFound, `no verification ${id}`);
    }
    return { id, status: await job.getState(), result: job.returnvalue ?? null };
  }
}
