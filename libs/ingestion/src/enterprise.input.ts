import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
} from 'class-validator';
import { IsPastLocalDate } from './is-past-date.validator';
import { IsUscc } from './is-uscc.validator';

const DECIMAL = /^\d{1,18}(\.\d{1,2})?$/;

/** One enterprise as sent by a registration system. Money is a decimal string in yuan. */
export class EnterpriseInput {
  @ApiProperty({ example: '91350100M000100Y43', description: '统一社会信用代码 (GB 32100-2015)' })
  @IsUscc()
  uscc!: string;

  @ApiProperty({ example: '福州示例科技有限公司' })
  @IsString()
  @Length(1, 500)
  name!: string;

  @ApiProperty({ example: '350102', description: '6-digit administrative division code' })
  @Matches(/^\d{6}$/, { message: 'must be a 6-digit administrative division code' })
  regionCode!: string;

  @ApiProperty({ example: 'I6513', description: 'GB/T 4754 industry code' })
  @Matches(/^([A-T]|[A-T]?\d{2,4})$/, {
    message: 'must be a GB/T 4754 code: a section letter and/or 2-4 digits',
  })
  industryCode!: string;

  @ApiProperty({ example: '2015-06-01' })
  @IsPastLocalDate()
  establishedOn!: string;

  @ApiPropertyOptional({ example: '10000000.00', description: 'yuan, decimal string' })
  @IsOptional()
  @Matches(DECIMAL, {
    message: 'must be a non-negative decimal string with at most 2 decimals, e.g. "1000000.00"',
  })
  registeredCapital?: string;

  @ApiPropertyOptional({ enum: ['micro', 'small', 'medium', 'large'] })
  @IsOptional()
  @IsIn(['micro', 'small', 'medium', 'large'])
  size?: 'micro' | 'small' | 'medium' | 'large';

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  tags?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  isPlatform?: boolean;

  @ApiPropertyOptional({ example: '60000000' })
  @IsOptional()
  @Matches(/^\d{1,15}$/, { message: 'must be a whole number as a string' })
  platformMonthlyUsers?: string;

  @ApiPropertyOptional({ example: '120000000000.00' })
  @IsOptional()
  @Matches(DECIMAL, { message: 'must be a non-negative decimal string with at most 2 decimals' })
  platformValuation?: string;

  @ApiPropertyOptional({ description: '新产业新业态新商业模式' })
  @IsOptional()
  @IsBoolean()
  newBusinessForm?: boolean;
}
