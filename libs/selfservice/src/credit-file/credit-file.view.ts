import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class CreditFileEnterprise {
  @ApiProperty() uscc!: string;
  @ApiProperty() name!: string;
  @ApiProperty() regionCode!: string;
  @ApiProperty() industryCode!: string;
  @ApiProperty() establishedOn!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) currentTier!: string | null;
}

export class CreditFileRecord {
  @ApiProperty() id!: string;
  @ApiProperty() type!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) severity!: string | null;
  @ApiProperty() occurredOn!: string;
  @ApiProperty() source!: string;
  @ApiProperty() payload!: Record<string, unknown>;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'by the repair profile' })
  publicityEndsOn!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) repairableFrom!: string | null;
  @ApiProperty({ description: 'still counts toward the tier' }) counting!: boolean;
  @ApiPropertyOptional({ type: String, nullable: true }) endedAt!: string | null;
  @ApiPropertyOptional({ enum: ['application', 'publicity_ended', 'source'], nullable: true })
  endedBy!: 'application' | 'publicity_ended' | 'source' | null;
}

export class CreditFileRiskRecord {
  @ApiProperty() id!: string;
  @ApiProperty() type!: string;
  @ApiProperty() severity!: string;
  @ApiProperty() occurredAt!: string;
  @ApiProperty() source!: string;
  @ApiProperty() payload!: unknown;
}

export class CreditFileListEntry {
  @ApiProperty() recordId!: string;
  @ApiProperty({ enum: ['serious_dishonesty_listing', 'abnormal_operation_listing'] }) list!: string;
  @ApiProperty() listedOn!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) removedOn!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) reason!: string | null;
}

export class CreditFileRepair {
  @ApiProperty() recordId!: string;
  @ApiProperty() endedAt!: string;
  @ApiProperty({ enum: ['application', 'publicity_ended'] }) basis!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) applicationId!: string | null;
  @ApiProperty() ruleSetVersion!: string;
  @ApiProperty() profile!: string;
}

export class CreditFileApplication {
  @ApiProperty() id!: string;
  @ApiProperty() recordId!: string;
  @ApiProperty() status!: string;
  @ApiProperty() profile!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) grade!: string | null;
  @ApiProperty() filedAt!: string;
  @ApiProperty() decideBy!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) escalatedAt!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) decidedAt!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) decisionReason!: string | null;
}

export class CreditFileAssessment {
  @ApiProperty() id!: string;
  @ApiProperty() tier!: string;
  @ApiPropertyOptional({ type: Number, nullable: true }) score!: number | null;
  @ApiProperty() ruleSetVersion!: string;
  @ApiProperty() asOf!: string;
  @ApiProperty() trigger!: string;
}

export class CreditFileWindow {
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
}

export class CreditFileInspection {
  @ApiProperty() taskId!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() status!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) plan!: string | null;
  @ApiProperty() items!: unknown;
  @ApiProperty({ type: CreditFileWindow }) window!: CreditFileWindow;
  @ApiPropertyOptional({ nullable: true, description: 'the published result (一公开)' })
  publishedResult!: unknown;
  @ApiPropertyOptional({ type: String, nullable: true }) publishedAt!: string | null;
}

/** 信用档案: one enterprise's whole credit history in one document. */
export class CreditFileView {
  @ApiProperty() generatedAt!: string;
  @ApiProperty({ type: CreditFileEnterprise }) enterprise!: CreditFileEnterprise;
  @ApiProperty({ type: [CreditFileRecord] }) records!: CreditFileRecord[];
  @ApiProperty({ type: [CreditFileRiskRecord] }) riskRecords!: CreditFileRiskRecord[];
  @ApiProperty({ type: [CreditFileListEntry] }) listEntries!: CreditFileListEntry[];
  @ApiProperty({ type: [CreditFileRepair] }) repairs!: CreditFileRepair[];
  @ApiProperty({ type: [CreditFileApplication] }) repairApplications!: CreditFileApplication[];
  @ApiProperty({ type: [CreditFileAssessment], description: 'tier history, oldest first' })
  assessments!: CreditFileAssessment[];
  @ApiProperty({ type: [CreditFileInspection] }) inspections!: CreditFileInspection[];
}
