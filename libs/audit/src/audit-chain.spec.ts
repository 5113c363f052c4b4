import { auditHash, GENESIS_HASH } from './audit-chain';

describe('auditHash', () => {
  const entry = {
    occurredAt: new Date('2026-03-01T09:00:00+08:00'),
    actor: 'regulator:alice',
    action: 'enterprise.created',
    entityType: 'enterprise',
    entityId: '91350100M000100Y43',
    correlationId: 'c-1',
    data: { name: '示例公司', capital: '1000000.00' },
  };

  it('is stable for equal content regardless of key order in data', () => {
    const reordered = { ...entry, data: { capital: '1000000.00', name: '示例公司' } };
    expect(auditHash(GENESIS_HASH, entry)).toBe(auditHash(GENESIS_HASH, reordered));
  });

  it('changes when the content or the previous link changes', () => {
    const h = auditHash(GENESIS_HASH, entry);
    expect(auditHash(GENESIS_HASH, { ...entry, actor: 'regulator:bob' })).not.toBe(h);
    expect(auditHash(h, entry)).not.toBe(h);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
  });
});
