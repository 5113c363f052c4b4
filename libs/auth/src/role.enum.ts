/** Who may call what. Every route names its owner roles with @Roles, or is @Public. */
export enum Role {
  Admin = 'admin',
  Regulator = 'regulator',
  /** A machine client that feeds records (registration, penalty and list systems). */
  Ingest = 'ingest',
  RuleAuthor = 'rule_author',
  /** An enterprise reading its own data; its token carries its uscc. */
  Enterprise = 'enterprise',
}

export const ALL_ROLES = Object.values(Role);

export interface Principal {
  subject: string;
  roles: Role[];
  /** Set for enterprise principals: the only enterprise whose data they may read. */
  uscc?: string;
}
