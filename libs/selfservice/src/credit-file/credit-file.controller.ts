import { PrivilegedRead } from '@app/audit';
import { AccessScopeRepository, CurrentPrincipal, Principal, Role, Roles } from '@app/auth';
import { DomainError, ErrorCode } from '@app/domain';
import { ApiErrors } from '@app/http';
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { renderCreditFilePdf } from './credit-file.pdf';
import { CreditFileService } from './credit-file.service';
import { CreditFileView } from './credit-file.view';

export class CreditFileQueryDto {
  @ApiPropertyOptional({
    enum: ['json', 'pdf'],
    default: 'json',
    description: 'pdf: a printable file, Chinese fonts embedded',
  })
  @IsOptional()
  @IsIn(['json', 'pdf'], { message: 'must be json or pdf' })
  format?: 'json' | 'pdf';
}

@ApiTags('self-service')
@Controller()
export class CreditFileController {
  constructor(
    private readonly files: CreditFileService,
    private readonly access: AccessScopeRepository,
  ) {}

  @Get('enterprises/:uscc/credit-file')
  @Roles(Role.Regulator, Role.Enterprise)
  @PrivilegedRead('credit-file')
  @ApiOperation({
    summary:
      '信用档案: every record, list entry, repair, assessment and inspection of one enterprise, as JSON or (?format=pdf) a printable PDF (a regulator within its regions; an enterprise only its own)',
  })
  @ApiProduces('application/json', 'application/pdf')
  @ApiOkResponse({ type: CreditFileView })
  @ApiErrors(403, 404)
  async file(
    @Param('uscc') uscc: string,
    @Query() q: CreditFileQueryDto,
    @CurrentPrincipal() p: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CreditFileView | Buffer> {
    await this.access.assertEnterpriseVisible(p, uscc);
    return this.answer(await this.files.file(uscc.trim().toUpperCase()), q, reply);
  }

  @Get('me/credit-file')
  @Roles(Role.Enterprise)
  @ApiOperation({ summary: 'Your credit file (信用档案), as JSON or (?format=pdf) a printable PDF' })
  @ApiProduces('application/json', 'application/pdf')
  @ApiOkResponse({ type: CreditFileView })
  @ApiErrors(403, 404)
  async mine(
    @Query() q: CreditFileQueryDto,
    @CurrentPrincipal() p: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CreditFileView | Buffer> {
    if (!p.uscc)
      throw new DomainError(
        ErrorCode.Forbidden,
        'only an enterprise token (with its uscc) has a credit file',
      );
    return this.answer(await this.files.file(p.uscc), q, reply);
  }

  private async answer(
    file: CreditFileView,
    q: CreditFileQueryDto,
    reply: FastifyReply,
  ): Promise<CreditFileView | Buffer> {
    if (q.format !== 'pdf') return file;
    const pdf = await renderCreditFilePdf(file);
    void reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="credit-file-${file.enterprise.uscc}.pdf"`);
    return pdf;
  }
}
