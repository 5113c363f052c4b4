import { canonicalJson, sha256Hex } from '@app/domain';
import { MigrationInterface, QueryRunner } from 'typeorm';

/** tiering 2026.1 as first published (2026-11-24): the checksum of the shipped file again. */
export const TIERING_2026_1_PUBLISHED_CHECKSUM =
  '61c187a253ca49b1f7575b6b6faf61e4186ea073428bb4bb52a1462789f3d26a';
/**
 * tiering 2026.1 as session 6 shipped it (2026-12-02, commit 4cd1036): the same rules with plain-language
 * `explanation` texts and `internal` markers written into the published file. A database first started
 * from that code stored this checksum and would refuse the restored file.
 */
export const TIERING_2026_1_WITH_TEXTS_CHECKSUM =
  'a1c7f91f7dd6f1843e9874c06108af06d19bd014ce436be5e5f538f3b1e0e1bc';

/** Serialises writers of the audit chain (the AuditService's lock). */
const AUDIT_CHAIN_LOCK = 7_310_204_552;
const GENESIS_HASH = '0'.repeat(64);

/**
 * Published rule sets never change; tiering 2026.1 did once, by mistake: texts were added to its
 * published file, so a database created before refused to start. The file is restored to its first
 * published content and the texts ship in tiering 2026.2. This migration repairs the other side: a
 * database that stored exactly the known session-6 document (recognised by its checksum, nothing
 * else) gets the restored one — the same document without `explanation` and `internal`, whose
 * checksum must come out as the published one or the migration fails — and an audit entry saying
 * so. Any other stored checksum is left alone (the importer then refuses the file, as it should).
 * The decisions are the same under both documents (the texts never entered an outcome), so the
 * assessments made under either stay valid. Irreversible by design: `down` changes nothing.
 */
export class TieringPublishedChecksumRestored1765920000000 implements MigrationInterface {
  name = 'TieringPublishedChecksumRestored1765920000000';

  async up(q: QueryRunner): Promise<void> {
    const rows: { id: string; document: { rules?: Record<string, unknown>[] } }[] = await q.query(
      `SELECT id::text AS id, document FROM rule_set_versions
        WHERE kind = 'tiering' AND version = '2026.1' AND checksum = $1`,
      [TIERING_2026_1_WITH_TEXTS_CHECKSUM],
    );
    if (rows.length === 0) return;
    const [row] = rows;
    const restored = {
      ...row.document,
      rules: (row.document.rules ?? []).map((rule) => {
        const { explanation: _explanation, internal: _internal, ...rest } = rule;
        return rest;
      }),
    };
    const checksum = sha256Hex(canonicalJson(restored));
    if (checksum !== TIERING_2026_1_PUBLISHED_CHECKSUM) {
      throw new Error(
        `tiering 2026.1 without its texts has checksum ${checksum}, not the published ${TIERING_2026_1_PUBLISHED_CHECKSUM}`,
      );
    }
    await q.query(`ALTER TABLE rule_set_versions DISABLE TRIGGER rule_set_versions_document_fixed`);
    await q.query(
      `UPDATE rule_set_versions SET document = $2::jsonb, checksum = $3, updated_at = now() WHERE id = $1`,
      [row.id, JSON.stringify(restored), checksum],
    );
    await q.query(`ALTER TABLE rule_set_versions ENABLE TRIGGER rule_set_versions_document_fixed`);

    // The audit entry, linked into the chain as AuditService.append links one (libs/audit/audit-chain.ts).
    await q.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
    const [last]: { hash: string }[] = await q.query(`SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1`);
    const prevHash = last?.hash ?? GENESIS_HASH;
    const entry = {
      occurredAt: new Date(Math.floor(Date.now())).toISOString(),
      actor: 'migration:TieringPublishedChecksumRestored1765920000000',
      action: 'rule_set.published_document_restored',
      entityType: 'rule_set_version',
      entityId: row.id,
      correlationId: null,
      data: {
        kind: 'tiering',
        version: '2026.1',
        fromChecksum: TIERING_2026_1_WITH_TEXTS_CHECKSUM,
        toChecksum: checksum,
        note:
          'explanation texts and internal markers had been written into the published tiering 2026.1 after ' +
          'publication; the document is restored to its published content (same rules, same outcomes) and ' +
          'the texts ship in tiering 2026.2',
      },
    };
    const hash = sha256Hex(prevHash + canonicalJson(entry));
    await q.query(
      `INSERT INTO audit_log (occurred_at, actor, action, entity_type, entity_id, correlation_id, data, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, NULL, $6::jsonb, $7, $8)`,
      [
        entry.occurredAt,
        entry.actor,
        entry.action,
        entry.entityType,
        entry.entityId,
        JSON.stringify(entry.data),
        prevHash,
        hash,
      ],
    );
  }

  async down(): Promise<void> {
    // The restored document is the published one; the texts live in tiering 2026.2.
  }
}
