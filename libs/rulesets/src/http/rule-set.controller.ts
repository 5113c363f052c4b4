import { CurrentPrincipal, Principal, Role, Roles } from '@app/auth';
import { RULE_SET_KINDS, type RuleSetKind } from '@app/domain';
import { ApiErrors, ApiPageResponse, Page, page, PageQueryDto } from '@app/http';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { RuleSetAuthoringService } from '../versions/rule-set-authoring.service';
import { RuleSetPublicationService } from '../versions/rule-set-publication.service';
import { RuleSetQueryService } from '../versions/rule-set-query.service';
import { checkVersion } from '../versions/version-check';
import type { RuleSetVersionView } from '../versions/rule-set-version.repository';
import {
  CreateRuleSetVersionDto,
  PatchRuleSetVersionDto,
  PublishRuleSetVersionDto,
  RollbackRuleSetDto,
  RuleSetDiffDto,
  RuleSetDiffQueryDto,
  RuleSetKindSummaryDto,
  RuleSetCheckDto,
  RuleSetVersionDto,
  ValidateRuleSetDto,
  VersionNoteDto,
} from './rule-set.dto';
import { ParseKindPipe, ParseVersionPipe } from './rule-set-params.pipe';

const READERS = [Role.RuleAuthor, Role.RuleApprover, Role.Regulator];
const KIND = { name: 'kind', enum: [...RULE_SET_KINDS] };
const VERSION = { name: 'version', example: '2026.1' };

@ApiTags('rule sets')
@Controller('rule-sets')
export class RuleSetController {
  constructor(
    private readonly query: RuleSetQueryService,
    private readonly authoring: RuleSetAuthoringService,
    private readonly publication: RuleSetPublicationService,
  ) {}

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'Each kind: the version in force now, the scheduled ones, the drafts' })
  @ApiOkResponse({ type: [RuleSetKindSummaryDto] })
  @ApiErrors()
  summary(): Promise<RuleSetKindSummaryDto[]> {
    return this.query.summary();
  }

  @Post(':kind/validate')
  @HttpCode(200)
  @Roles(Role.RuleAuthor, Role.RuleApprover)
  @ApiOperation({
    summary:
      "Check a document without storing it (the editor's live problems): the validator's problems, then the static checks and the scenario tests",
  })
  @ApiParam(KIND)
  @ApiOkResponse({ type: RuleSetCheckDto })
  @ApiErrors(404)
  validate(
    @Param('kind', ParseKindPipe) kind: RuleSetKind,
    @Body() body: ValidateRuleSetDto,
  ): RuleSetCheckDto {
    const { problems, warnings, scenarios } = checkVersion(body.document);
    if (body.document.kind !== kind)
      problems.unshift({ path: 'kind', message: `must be "${kind}", the kind of this route` });
    return { problems, warnings, scenarios };
  }

  @Get(':kind/versions')
  @Roles(...READERS)
  @ApiOperation({ summary: "A kind's versions, newest first (without their documents)" })
  @ApiParam(KIND)
  @ApiPageResponse(RuleSetVersionDto)
  @ApiErrors(404)
  async list(
    @Param('kind', ParseKindPipe) kind: RuleSetKind,
    @Query() q: PageQueryDto,
  ): Promise<Page<RuleSetVersionView>> {
    return page(q, await this.query.page(kind, q.limit, q.offset));
  }

  @Post(':kind/versions')
  @Roles(Role.RuleAuthor)
  @ApiOperation({
    summary:
      'A draft from a full document, or from a base version and a JSON Patch; stored with its problems, warnings and scenario report',
  })
  @ApiParam(KIND)
  @ApiCreatedResponse({ type: RuleSetVersionDto })
  @ApiErrors(404, 409)
  create(
    @Param('kind', ParseKindPipe) kind: RuleSetKind,
    @Body() body: CreateRuleSetVersionDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<RuleSetVersionView> {
    return this.authoring.create(kind, body, p.subject);
  }

  @Get(':kind/versions/:version')
  @Roles(...READERS)
  @ApiOperation({ summary: 'One version with its document, problems, warnings and scenario report' })
  @ApiParam(KIND)
  @ApiParam(VERSION)
  @ApiOkResponse({ type: RuleSetVersionDto })
  @ApiErrors(404)
  get(
    @Param('kind', ParseKindPipe) kind: RuleSetKind,
    @Param('version', ParseVersionPipe) version: string,
  ): Promise<RuleSetVersionView> {
    return this.query.get(kind, version);
  }

  @Patch(':kind/versions/:version')
  @Roles(Role.RuleAuthor)
  @ApiOperation({ summary: 'Apply a JSON Patch to a draft (drafts only); checks run again' })
  @ApiParam(KIND)
  @ApiParam(VERSION)
  @ApiOkResponse({ type: RuleSetVersionDto })
  @ApiErrors(404, 409)
  edit(
    @Param('kind', ParseKindPipe) kind: RuleSetKind,
    @Param('version', ParseVersionPipe) version: string,
    @Body() body: PatchRuleSetVersionDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<RuleSetVersionView> {
    return this.authoring.edit(kind, version, body.patch, p.subject);
  }

  @Get(':kind/versions/:version/diff')
  @Roles(...READERS)
  @ApiOperation({ summary: 'What changes from another version (against) to this one' })
  @ApiParam(KIND)
  @ApiParam(VERSION)
  @ApiOkResponse({ type: RuleSetDiffDto })
  @ApiErrors(404, 409)
  diff(
    @Param('kind', ParseKindPipe) kind: RuleSetKind,
    @Param('version', ParseVersionPipe) version: string,
    @Query() q: RuleSetDiffQueryDto,
  ): Promise<RuleSetDiffDto> {
    return this.query.diff(kind, version, q.against);
  }

  @Post(':kind/versions/:version/approve')
  @HttpCode(200)
  @Roles(Role.RuleApprover)
  @ApiOperation({
    summary:
      'Approve a draft: not its author (four eyes), no problems, every scenario passing (else 409 listing why)',
  })
  @ApiParam(KIND)
  @ApiParam(VERSION)
  @ApiOkResponse({ type: RuleSetVersionDto })
  @ApiErrors(404, 409)
  approve(
    @Param('kind', ParseKindPipe) kind: RuleSetKind,
    @Param('version', ParseVersionPipe) version: string,
    @Body() body: VersionNoteDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<RuleSetVersionView> {
    return this.publication.approve(kind, version, p.subject, body?.note);
  }

  @Post(':kind/versions/:version/publish')
  @HttpCode(200)
  @Roles(Role.RuleApprover)
  @ApiOperation({
    summary: 'Publish an approved version from effectiveFrom (scheduled; in force when it comes)',
  })
  @ApiParam(KIND)
  @ApiParam(VERSION)
  @ApiOkResponse({ type: RuleSetVersionDto })
  @ApiErrors(404, 409)
  publish(
    @Param('kind', ParseKindPipe) kind: RuleSetKind,
    @Param('version', ParseVersionPipe) version: string,
    @Body() body: PublishRuleSetVersionDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<RuleSetVersionView> {
    return this.publication.publish(kind, version, body.effectiveFrom, p.subject);
  }

  @Post(':kind/versions/:version/withdraw')
  @HttpCode(200)
  @Roles(Role.RuleApprover)
  @ApiOperation({ summary: 'Withdraw a scheduled version before it takes effect' })
  @ApiParam(KIND)
  @ApiParam(VERSION)
  @ApiOkResponse({ type: RuleSetVersionDto })
  @ApiErrors(404, 409)
  withdraw(
    @Param('kind', ParseKindPipe) kind: RuleSetKind,
    @Param('version', ParseVersionPipe) version: string,
    @Body() body: VersionNoteDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<RuleSetVersionView> {
    return this.publication.withdraw(kind, version, p.subject, body?.note);
  }

  @Post(':kind/rollback')
  @Roles(Role.RuleApprover)
  @ApiOperation({
    summary: 'Publish the document of a version once in force as a new version (history is kept)',
  })
  @ApiParam(KIND)
  @ApiCreatedResponse({ type: RuleSetVersionDto })
  @ApiErrors(404, 409)
  rollback(
    @Param('kind', ParseKindPipe) kind: RuleSetKind,
    @Body() body: RollbackRuleSetDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<RuleSetVersionView> {
    return this.publication.rollback(kind, body, p.subject);
  }
}
