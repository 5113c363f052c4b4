import {
  coversRegion,
  CurrentPrincipal,
  narrowRegions,
  Principal,
  regionScope,
  Role,
  Roles,
} from '@app/auth';
import { DomainError, ErrorCode } from '@app/domain';
import { ApiErrors, ApiPageResponse, Page, page } from '@app/http';
import { Body, Controller, Get, HttpCode, Injectable, PipeTransform, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InspectorDto, InspectorListQueryDto, RosterResultDto } from './inspector.dto';
import { InspectorRow, parseRoster } from './inspector-row';
import { InspectorService, RosterResult } from './inspector.service';

/** A JSON roster body, checked row by row with InspectorDto (the ValidationPipe leaves arrays alone). */
@Injectable()
export class RosterPipe implements PipeTransform<unknown, InspectorRow[]> {
  transform(body: unknown): InspectorRow[] {
    return parseRoster(body, 'json');
  }
}

@ApiTags('inspectors')
@Controller('inspectors')
export class InspectorController {
  constructor(private readonly inspectors: InspectorService) {}

  @Post()
  @HttpCode(200)
  @Roles(Role.Regulator)
  @ApiOperation({
    summary:
      'Add or update inspectors of your regions (JSON array; CSV through `tierwatch inspectors import`): all rows valid or nothing stored',
  })
  @ApiBody({ type: [InspectorDto] })
  @ApiOkResponse({ type: RosterResultDto })
  @ApiErrors(403)
  upsert(@Body(RosterPipe) rows: InspectorRow[], @CurrentPrincipal() p: Principal): Promise<RosterResult> {
    const outside = rows.flatMap((row, i) =>
      coversRegion(p, row.regionCode)
        ? []
        : [{ path: `[${i}].regionCode`, message: `${row.regionCode} is outside your regions` }],
    );
    if (outside.length > 0) {
      throw new DomainError(
        ErrorCode.Forbidden,
        `inspectors of regions outside yours: ${outside[0].message} (first at ${outside[0].path})`,
        outside,
      );
    }
    return this.inspectors.store(rows, p.subject, regionScope(p));
  }

  @Get()
  @Roles(Role.Regulator)
  @ApiOperation({ summary: 'The roster within your regions (?region=&department=)' })
  @ApiPageResponse(InspectorDto)
  @ApiErrors(403)
  async list(
    @Query() q: InspectorListQueryDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<Page<InspectorRow>> {
    return page(
      q,
      await this.inspectors.list({
        regions: narrowRegions(p, q.region),
        department: q.department,
        limit: q.limit,
        offset: q.offset,
      }),
    );
  }
}
