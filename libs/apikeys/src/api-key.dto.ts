import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsString, Length, Matches } from 'class-validator';
import { SOURCE_NAME } from './api-key.service';

export class CreateApiKeyDto {
  @ApiProperty({ example: 'samr-penalty-feed', description: 'who the key is for (1-100 characters)' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({
    type: [String],
    example: ['samr-penalty'],
    description: 'the record sources the key may write; a row of any other source is refused (403)',
  })
  @IsString({ each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @Matches(SOURCE_NAME, {
    each: true,
    message: 'each source must be 1-64 letters, digits, ".", "_", ":" or "-"',
  })
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
