import { Module } from '@nestjs/common';
import { AssessmentService } from './assess/assessment.service';

@Module({ providers: [AssessmentService], exports: [AssessmentService] })
export class AssessmentModule {}
