import { Role, Roles, CurrentPrincipal, Principal } from '@app/auth';
import { DomainError, ErrorCode } from '@app/domain';
import { JOB_QUEUE, JobName, OutboxWriter, QueueRegistry } from '@app/queue';
import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiErrors } from '@app/http';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';

export class VerificationRequestedDto {
  @ApiProperty({ example: 'audit-verify-0193b1c2-7f7e-7c4e-9d0a-2f1e3c4b5a69' }) id!: string;
  @ApiProperty({ enum: ['queued'] }) status!: 'queued';
}

export class VerificationDto {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'completed', description: 'queued, waiting, active, completed, failed' })
  status!: string;
  @ApiProperty({
    description: '{ ok, checked, brokenAt?, reason? } once completed; null before',
    nullable: true,
  })
  result!: unknown;
}

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
  @ApiAcceptedResponse({ type: VerificationRequestedDto })
  @ApiErrors()
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
  @ApiOkResponse({ type: VerificationDto })
  @ApiErrors(404)
  async get(@Param('id') id: string): Promise<{ id: string; status: string; result: unknown }> {
    if (!/^audit-verify-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) {
      throw new DomainError(ErrorCode.NotFound, `no verification ${id.slice(0, 80)}`);
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
