import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class VisitInspector {
  @ApiProperty({ example: '张伟' }) name!: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: '浙执法330100123' }) certificateNo!:
    string | null;
}

export class VisitWindow {
  @ApiProperty({ description: 'scheduled start' }) from!: string;
  @ApiProperty({ description: 'due' }) to!: string;
}

export class VisitPlan {
  @ApiProperty() name!: string;
}

/** What the code at the door proves (扫码入企): the visit is registered, and by whom. No tier, nothing else. */
export class VerificationView {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'the code on the notice (null in your list until the task is dispatched)',
  })
  code!: string | null;
  @ApiProperty({ description: 'true while the task is open and today lies within its window' })
  current!: boolean;
  @ApiProperty({
    enum: ['current', 'not_yet', 'expired', 'finished', 'cancelled'],
    description: 'not_yet: before the window; expired: after it, still open; finished: done or published',
  })
  state!: string;
  @ApiProperty({ enum: ['random', 'triggered'] }) kind!: string;
  @ApiPropertyOptional({ type: VisitPlan, nullable: true, description: 'random inspections: their plan' })
  plan!: VisitPlan | null;
  @ApiProperty({ description: 'the inspection items' }) items!: unknown;
  @ApiProperty({ type: VisitWindow }) window!: VisitWindow;
  @ApiProperty({ type: [VisitInspector] }) inspectors!: VisitInspector[];
}

export class PublishedResult {
  @ApiProperty() outcome!: string;
  @ApiProperty({ type: [String] }) findings!: string[];
  @ApiProperty() publishedAt!: string;
}

export class MyInspectionView extends VerificationView {
  @ApiProperty({ format: 'uuid' }) taskId!: string;
  @ApiProperty({ description: 'the task status' }) status!: string;
  @ApiPropertyOptional({ type: PublishedResult, nullable: true, description: 'once published (一公开)' })
  result!: PublishedResult | null;
}
