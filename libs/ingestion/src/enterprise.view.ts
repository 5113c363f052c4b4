import { EnterpriseEntity } from '@app/persistence';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** An enterprise as the API shows it. */
export class EnterpriseView {
  @ApiProperty() uscc!: string;
  @ApiProperty() name!: string;
  @ApiProperty() regionCode!: string;
  @ApiProperty() industryCode!: string;
  @ApiProperty() establishedOn!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) registeredCapital!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) size!: string | null;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty() isPlatform!: boolean;
  @ApiPropertyOptional({ type: String, nullable: true }) platformMonthlyUsers!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) platformValuation!: string | null;
  @ApiProperty() newBusinessForm!: boolean;
  @ApiPropertyOptional({ type: String, nullable: true }) currentTier!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;

  static of(e: EnterpriseEntity): EnterpriseView {
    return {
      uscc: e.uscc,
      name: e.name,
      regionCode: e.regionCode,
      industryCode: e.industryCode,
      establishedOn: e.establishedOn,
      registeredCapital: e.registeredCapital,
      size: e.size,
      tags: e.tags,
      isPlatform: e.isPlatform,
      platformMonthlyUsers: e.platformMonthlyUsers,
      platformValuation: e.platformValuation,
      newBusinessForm: e.newBusinessForm,
      currentTier: e.currentTier,
      createdAt: e.createdAt.toISOString(),
      updatedAt: e.updatedAt.toISOString(),
    };
  }
}

/** One row of the enterprise list (GET /enterprises). */
export class EnterpriseListItemView {
  @ApiProperty() uscc!: string;
  @ApiProperty() name!: string;
  @ApiProperty() regionCode!: string;
  @ApiProperty() industryCode!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) currentTier!: string | null;
  @ApiProperty() newBusinessForm!: boolean;
  @ApiProperty() isPlatform!: boolean;
}
