import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { PATH_METADATA } from '@nestjs/common/constants';
import { PUBLIC_METADATA, ROLES_METADATA } from './auth.decorators';

/** Refuses to start an API in which some route has neither @Roles nor @Public. */
@Injectable()
export class RouteOwnershipCheck implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    const unowned = this.unownedRoutes();
    if (unowned.length > 0) {
      throw new Error(
        `every route needs an owner role (@Roles) or @Public; missing on: ${unowned.join(', ')}`,
      );
    }
  }

  unownedRoutes(): string[] {
    const out: string[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const cls = wrapper.metatype as (new (...args: unknown[]) => unknown) | undefined;
      if (!cls) continue;
      const classOwned =
        this.reflector.get(PUBLIC_METADATA, cls) !== undefined ||
        this.reflector.get(ROLES_METADATA, cls) !== undefined;
      for (const method of this.scanner.getAllMethodNames(cls.prototype)) {
        const handler = cls.prototype[method];
        if (this.reflector.get(PATH_METADATA, handler) === undefined) continue;
        const owned =
          classOwned ||
          this.reflector.get(PUBLIC_METADATA, handler) !== undefined ||
          (this.reflector.get<unknown[]>(ROLES_METADATA, handler)?.length ?? 0) > 0;
        if (!owned) out.push(`${cls.name}.${method}`);
      }
    }
    return out;
  }
}
