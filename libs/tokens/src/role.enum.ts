/** Who may call what. Every route names its owner roles with @Roles, or is @Public. */
export enum Role {
  Admin = 'admin',
  /** Reads and acts within the region prefixes its token carries. */
  Regulator = 'regulator',
  /** A machine client that feeds records (registration, penalty and list systems); usually an API key. */
  Ingest = 'ingest',
  RuleAuthor = 'rule_author',
  /** Approves, publishes, withdraws and rolls back rule-set versions (four eyes with the author). */
  RuleApprover = 'rule_approver',
  /** Sees and updates only the inspection tasks assigned to it; its token carries its inspector id. */
  Inspector = 'inspector',
  /** An enterprise reading its own data; its token carries its uscc. */
  Enterprise = 'enterprise',
}

export const ALL_ROLES = Object.values(Role);

/** A region prefix (1-6 digits of a division code), or '*' for the whole country. */
export const NATIONAL = '*';
export const REGION_PREFIX = /^\d{1,6}$/;

export interface Principal {
  subject: string;
  roles: Role[];
  /** Set for enterprise principals: the only enterprise whose data they may read. */
  uscc?: string;
  /** Set for regulators: the division-code prefixes they cover, or ['*'] for the whole country. */
  regions?: string[];
  /** Set for inspectors: the roster id whose tasks they see. */
  inspectorId?: string;
  /** Set for API keys: the record sources the key may write. */
  sources?: string[];
  /** Set for API keys: the key's id (for rate limits, audit and revocation). */
  apiKeyId?: string;
}
