import { canonicalJson, sha256Hex } from '@app/domain';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntryContent {
  occurredAt: Date;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  correlationId: string | null;
  data: Record<string, unknown>;
}

/** The link of the chain: each entry's hash covers the previous hash and the entry's content. */
export function auditHash(prevHash: string, entry: AuditEntryContent): string {
  return sha256Hex(
    prevHash +
      canonicalJson({
        occurredAt: entry.occurredAt.toISOString(),
        actor: entry.actor,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId,
        correlationId: entry.correlationId,
        data: entry.data,
      }),
  );
}
