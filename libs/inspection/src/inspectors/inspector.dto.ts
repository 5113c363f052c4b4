import { PageQueryDto } from '@app/http';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';

export class InspectorListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '3301', description: 'division-code prefix, inside your regions' })
  @IsOptional()
  @Matches(/^\d{1,6}$/, { message: 'must be 1-6 digits' })
  region?: string;

  @ApiPropertyOptional({ example: '食品经营处' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  department?: string;
}

/**
 * One inspector of the roster, as OpenAPI shows it. Validation is parseInspectorRow
 * (inspector-row.ts), which names every problem by its row and field and is shared with the CSV import.
 */
export class InspectorDto {
  @ApiProperty({ example: 'INS-330100-001' }) id!: string;
  @ApiProperty({ example: '张伟' }) name!: string;
  @ApiProperty({ example: '食品经营处' }) department!: string;
  @ApiProperty({ example: '330100', description: 'division-code prefix of 1-6 digits, inside your regions' })
  regionCode!: string;
  @ApiProperty({ type: [String], example: ['食品安全'] }) qualifications!: string[];
  @ApiProperty() certified!: boolean;
  @ApiPropertyOptional({ type: [String], description: 'enterprises with a declared conflict (回避)' })
  conflictUsccs?: string[];
  @ApiPropertyOptional({ type: [String] }) relatedPersons?: string[];
  @ApiPropertyOptional({ minimum: 1 }) capacityPerPeriod?: number;
  @ApiPropertyOptional({ default: true }) active?: boolean;
}

export class RosterResultDto {
  @ApiProperty() created!: number;
  @ApiProperty() updated!: number;
  @ApiProperty() unchanged!: number;
}
