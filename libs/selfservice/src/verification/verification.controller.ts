import { CurrentPrincipal, Principal, Public, Role, Roles } from '@app/auth';
import { DomainError, ErrorCode } from '@app/domain';
import { ApiErrors, ApiPageResponse, Page, page, PageQueryDto } from '@app/http';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { VerificationService } from './verification.service';
import { MyInspectionView, VerificationView } from './verification.view';

@ApiTags('public')
@Controller('public/inspection-verifications')
export class PublicVerificationController {
  constructor(private readonly verifications: VerificationService) {}

  @Get(':code')
  @Public()
  @ApiOperation({
    summary:
      '扫码入企: is the code of the inspection notice a registered visit, and is it current? Plan, items, window, inspectors’ names and certificate numbers; never a tier. Rate-limited per address.',
  })
  @ApiOkResponse({ type: VerificationView })
  @ApiErrors(404)
  verify(@Param('code') code: string): Promise<VerificationView> {
    return this.verifications.verify(code);
  }
}

@ApiTags('self-service')
@Controller('me/inspections')
export class MyInspectionsController {
  constructor(private readonly verifications: VerificationService) {}

  @Get()
  @Roles(Role.Enterprise)
  @ApiOperation({
    summary:
      'Your inspection tasks, latest first: window, items, inspectors, the verification code, published results',
  })
  @ApiPageResponse(MyInspectionView)
  @ApiErrors(403)
  async mine(@Query() q: PageQueryDto, @CurrentPrincipal() p: Principal): Promise<Page<MyInspectionView>> {
    if (!p.uscc)
      throw new DomainError(ErrorCode.Forbidden, 'only an enterprise token (with its uscc) has inspections');
    return page(q, await this.verifications.mine(p.uscc, q));
  }
}
