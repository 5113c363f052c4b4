import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { jobCoverageProblems, FoundHandler } from './job-coverage';
import { JOB_HANDLER_METADATA, JobHandlerFn } from './job-handler.decorator';
import { ALL_JOB_NAMES, JobName } from './queue.contract';

export class JobRegistryError extends Error {
  constructor(readonly problems: string[]) {
    super(`worker refuses to start, job handlers are wrong:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'JobRegistryError';
  }
}

/**
 * Finds every `@OnJob` method at boot and refuses to start unless each job of the contract has
 * exactly one handler.
 */
@Injectable()
export class JobRegistry implements OnModuleInit {
  private readonly logger = new Logger(JobRegistry.name);
  private readonly handlers = new Map<JobName, JobHandlerFn<JobName>>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    const found: (FoundHandler & { fn: JobHandlerFn<JobName> })[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const prototype = Object.getPrototypeOf(instance);
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const job = this.reflector.get<JobName | undefined>(JOB_HANDLER_METADATA, prototype[method]);
        if (!job) continue;
        const fn = (instance[method] as JobHandlerFn<JobName>).bind(instance);
        found.push({ job, owner: `${instance.constructor.name}.${method}`, fn });
      }
    }
    const problems = jobCoverageProblems(ALL_JOB_NAMES, found);
    if (problems.length > 0) throw new JobRegistryError(problems);
    for (const f of found) this.handlers.set(f.job as JobName, f.fn);
    this.logger.log(`${found.length} job handler(s) registered`);
  }

  handlerFor(job: string): JobHandlerFn<JobName> | undefined {
    return this.handlers.get(job as JobName);
  }
}
