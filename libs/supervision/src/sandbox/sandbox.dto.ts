import { IsCalendarDate, IsList, IsText, Omittable, PageQueryDto, ToBoolean } from '@app/http';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, Matches } from 'class-validator';

export class CreateSandboxEnrolmentDto {
  @ApiProperty({ example: '91330108MA2407DD2N', description: 'unified social credit code' })
  @Matches(/^[0-9A-HJ-NPQRTUWXY]{18}$/, { message: 'must be an 18-character unified social credit code' })
  uscc!: string;

  @ApiProperty({ example: '医疗健康数据脱敏共享服务', description: 'what the sandbox allows to be tried' })
  @IsText(1000)
  scope!: string;

  @ApiProperty({ example: '杭市监沙盒〔2026〕3号', description: 'the licence or approval reference' })
  @IsText(200)
  licenceRef!: string;

  @ApiProperty({ example: '2026-12-01' })
  @IsCalendarDate()
  start!: string;

  @ApiProperty({
    example: '2027-11-30',
    description: 'the last day (inclusive); exit to normal supervision after it',
  })
  @IsCalendarDate()
  end!: string;

  @ApiProperty({ type: [String], example: ['每季度报送运行报告', '用户数不超过10万'] })
  @IsList({ min: 0, max: 50 }, (c) =>
    typeof c === 'string' && c.trim() !== '' && c.length <= 500 ? null : 'must be a text of 1-500 characters',
  )
  conditions!: string[];
}

export class SandboxListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'true: enrolled today; false: exited or over',
  })
  @IsOptional()
  @ToBoolean()
  @IsBoolean({ message: 'must be true or false' })
  active?: boolean;

  @ApiPropertyOptional({ example: '3301', description: 'division-code prefix, inside your regions' })
  @IsOptional()
  @Matches(/^\d{1,6}$/, { message: 'must be 1-6 digits' })
  region?: string;
}

export class SandboxExitDto {
  @ApiProperty({ example: '条件未满足, 提前退出', description: 'why the enrolment ends early' })
  @IsText(1000)
  reason!: string;

  @ApiPropertyOptional({ example: '2026-12-15', description: 'the exit date (default today)' })
  @Omittable()
  @IsCalendarDate()
  on?: string;
}

export class SandboxEnrolmentView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() uscc!: string;
  @ApiProperty({ enum: ['scheduled', 'active', 'exited'] }) status!: 'scheduled' | 'active' | 'exited';
  @ApiProperty() scope!: string;
  @ApiProperty() licenceRef!: string;
  @ApiProperty() start!: string;
  @ApiProperty() end!: string;
  @ApiProperty({ type: [String] }) conditions!: string[];
  @ApiProperty() enrolledBy!: string;
  @ApiProperty({ type: String, nullable: true }) exitedOn!: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ['expiry', 'regulator', 'trigger'] }) exitSource!:
    string | null;
  @ApiProperty({ type: String, nullable: true }) exitReason!: string | null;
  @ApiProperty({ type: String, nullable: true }) exitedBy!: string | null;
}
