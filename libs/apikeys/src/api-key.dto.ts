import { aTextMatching, IsList, IsText } from '@app/http';
import { ApiProperty } from '@nestjs/swagger';

/** What a record's `source` may look like (the ingestion row schema allows 64 characters). */
export const SOURCE_NAME = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

/**
 * A key request: the one schema of the body, validated by the ValidationPipe (or ApiKeyService,
 * with the same class, for the CLI) and shown by OpenAPI.
 */
export class CreateApiKeyDto {
  @ApiProperty({
    example: 'samr-penalty-feed',
    minLength: 1,
    maxLength: 100,
    description: 'who the key is for (1-100 characters)',
  })
  @IsText(100)
  name!: string;

  @ApiProperty({
    type: [String],
    minItems: 1,
    maxItems: 50,
    example: ['samr-penalty'],
    description: 'the record sources the key may write; a row of any other source is refused (403)',
  })
  @IsList(
    { min: 1, max: 50, message: 'must list 1-50 sources' },
    aTextMatching(SOURCE_NAME, 'must be 1-64 letters, digits, ".", "_", ":" or "-"'),
  )
  sources!: string[];
}

export class ApiKeyViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'twk_Xb3k9Qe1', description: 'the first characters of the key' }) prefix!: string;
  @ApiProperty({ type: [String] }) sources!: string[];
  @ApiProperty() createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastUsedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) revokedBy!: string | null;
}

export class CreatedApiKeyDto {
  @ApiProperty({ description: 'the key, shown this once: send it as X-Api-Key' }) key!: string;
  @ApiProperty({ type: ApiKeyViewDto }) apiKey!: ApiKeyViewDto;
}
