import { Public } from '@app/auth';
import { ApiErrors, ApiPageResponse, Page, page, PageQueryDto } from '@app/http';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { PublicResult, PublicResultsService } from './public-results.service';

export class PublicResultsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '3301', description: 'division-code prefix of the enterprise' })
  @IsOptional()
  @Matches(/^\d{1,6}$/, { message: 'must be 1-6 digits' })
  region?: string;

  @ApiPropertyOptional({ example: '91330106MA2B00001X' })
  @IsOptional()
  @Matches(/^[0-9A-HJ-NPQRTUWXY]{18}$/, { message: 'must be an 18-character unified social credit code' })
  uscc?: string;
}

export class PublicResultDto {
  @ApiProperty({ format: 'uuid' }) taskId!: string;
  @ApiProperty() uscc!: string;
  @ApiProperty() enterpriseName!: string;
  @ApiProperty({ enum: ['random', 'triggered'] }) kind!: string;
  @ApiProperty({ description: 'the inspected items' }) items!: unknown;
  @ApiProperty() outcome!: string;
  @ApiProperty({ type: [String] }) findings!: string[];
  @ApiProperty({ type: String, nullable: true }) followUp!: string | null;
  @ApiProperty({ format: 'date' }) inspectedOn!: string;
  @ApiProperty({ format: 'date-time' }) publishedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) correctedAt!: string | null;
}

/** 一公开: anyone may read published results (no tier, no inspector). */
@ApiTags('public')
@Controller('public/inspection-results')
export class PublicResultsController {
  constructor(private readonly results: PublicResultsService) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'Published inspection results (一公开), newest first; ?region=&uscc=&limit=&offset=',
  })
  @ApiPageResponse(PublicResultDto)
  @ApiErrors()
  async list(@Query() q: PublicResultsQueryDto): Promise<Page<PublicResult>> {
    return page(q, await this.results.list(q));
  }
}
