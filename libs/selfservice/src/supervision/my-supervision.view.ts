import { ApiProperty } from '@nestjs/swagger';
import { ObservationPeriodView } from '@app/supervision';

/** One sandbox enrolment as its enterprise reads it. */
export class MySandboxEnrolmentView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['scheduled', 'active', 'exited'] }) status!: 'scheduled' | 'active' | 'exited';
  @ApiProperty() scope!: string;
  @ApiProperty() licenceRef!: string;
  @ApiProperty({ example: '2026-12-01' }) start!: string;
  @ApiProperty({ example: '2027-11-30', description: 'its last day (inclusive)' }) end!: string;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'days left including today while active; null when scheduled or exited',
  })
  daysRemaining!: number | null;
  @ApiProperty({ type: [String] }) conditions!: string[];
  @ApiProperty({ type: String, nullable: true }) exitedOn!: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ['expiry', 'regulator', 'trigger'] })
  exitSource!: string | null;
  @ApiProperty({ type: String, nullable: true }) exitReason!: string | null;
}

export class MySandboxView {
  @ApiProperty({
    type: MySandboxEnrolmentView,
    nullable: true,
    description: 'the enrolment in force today (or the next scheduled one)',
  })
  current!: MySandboxEnrolmentView | null;
  @ApiProperty({ type: [MySandboxEnrolmentView], description: 'every enrolment, newest first' })
  history!: MySandboxEnrolmentView[];
}

/** `GET /me/observation`: the enterprise's own observation periods and sandbox enrolments. */
export class MyObservationView {
  @ApiProperty() uscc!: string;
  @ApiProperty({
    type: ObservationPeriodView,
    nullable: true,
    description: 'the observation period active today, with days remaining',
  })
  current!: ObservationPeriodView | null;
  @ApiProperty({ type: [ObservationPeriodView], description: 'every observation period, newest first' })
  history!: ObservationPeriodView[];
  @ApiProperty({ type: MySandboxView }) sandbox!: MySandboxView;
}
