import { Clock } from '@app/domain';
import { Module } from '@nestjs/common';
import { RuleSetController } from './http/rule-set.controller';
import { RuleSetStore } from './rule-set.store';
import { RuleSetActivationJob } from './versions/rule-set-activation.job';
import { RuleSetActivationService } from './versions/rule-set-activation.service';
import { RuleSetAuthoringService } from './versions/rule-set-authoring.service';
import { RuleSetPublicationService } from './versions/rule-set-publication.service';
import { RuleSetQueryService } from './versions/rule-set-query.service';
import { RuleSetVersionRepository } from './versions/rule-set-version.repository';
import { VersionSteps } from './versions/version-steps';

/** The rule-set versions stored in PostgreSQL, as every feature that evaluates rules reads them. */
@Module({ providers: [Clock, RuleSetStore], exports: [RuleSetStore] })
export class RuleSetStoreModule {}

const LIFECYCLE = [
  Clock,
  RuleSetVersionRepository,
  VersionSteps,
  RuleSetQueryService,
  RuleSetAuthoringService,
  RuleSetPublicationService,
  RuleSetActivationService,
];

/** Authoring, approval, publication and activation of versions (needs the audit and queue modules). */
@Module({ imports: [RuleSetStoreModule], providers: LIFECYCLE, exports: LIFECYCLE })
export class RuleSetLifecycleModule {}

/** The HTTP side (api app). */
@Module({ imports: [RuleSetLifecycleModule], controllers: [RuleSetController] })
export class RuleSetHttpModule {}

/** The activation job (worker app); the re-evaluation hooks come from the capabilities that register them. */
@Module({ imports: [RuleSetLifecycleModule], providers: [RuleSetActivationJob] })
export class RuleSetWorkerModule {}
