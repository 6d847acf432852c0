// Tables of Qauipsiz. Only small clear metadata lives beside ciphertext-free rows; every
// ciphertext sits in a table of its own so lookups never drag an overflow page along.
import { sql } from 'drizzle-orm';
import { blob, check, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { accountStatuses, caseEventKinds, caseStatuses, groupKinds, outcomes, roles, severities } from '../contract/domain.ts';

const bytes = (name: string) => blob(name, { mode: 'buffer' });
/** What protects the organisation's signing key at rest (its wrap's passphrase). */
export const signingKeyProtections = ['login_passphrase', 'organisation_passphrase'] as const;
/** A calendar day, 'YYYY-MM-DD': reporter-caused times are never kept more precisely. */
const day = (name: string) => text(name);

export const organisation = sqliteTable(
  'organisation',
  {
    id: integer('id').primaryKey(),
    name: text('name').notNull(),
    signingPublicKey: bytes('signing_public_key').notNull(),
    wrappedSigningKey: bytes('wrapped_signing_key').notNull(),
    /**
     * Which passphrase wraps the organisation's signing key: the first administrator's login
     * passphrase (as set up), or a passphrase of the organisation's own, given to its administrators.
     */
    signingKeyProtection: text('signing_key_protection', { enum: signingKeyProtections }).notNull().default('login_passphrase'),
    createdDay: day('created_day').notNull(),
  },
  (t) => [check('organisation_singleton', sql`${t.id} = 1`)],
);

export const recipientGroups = sqliteTable('recipient_groups', {
  id: text('id').primaryKey(),
  kind: text('kind', { enum: groupKinds }).notNull(),
  regionKato: text('region_kato').unique(),
  nameKk: text('name_kk').notNull(),
  nameRu: text('name_ru').notNull(),
  nameEn: text('name_en').notNull(),
  createdDay: day('created_day').notNull(),
});

export const recipients = sqliteTable('recipients', {
  id: text('id').primaryKey(),
  displayName: text('display_name').notNull(),
  publicKey: bytes('public_key').notNull(),
  keySignature: bytes('key_signature').notNull(),
  wrappedPrivateKey: bytes('wrapped_private_key').notNull(),
  createdDay: day('created_day').notNull(),
  disabledDay: day('disabled_day'),
});

export const groupMembers = sqliteTable(
  'group_members',
  {
    groupId: text('group_id').notNull().references(() => recipientGroups.id),
    recipientId: text('recipient_id').notNull().references(() => recipients.id),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.recipientId] }), index('group_members_recipient').on(t.recipientId)],
);

export const reports = sqliteTable(
  'reports',
  {
    id: text('id').primaryKey(),
    envelopeVersion: integer('envelope_version').notNull(),
    region: text('region').notNull(),
    industry: text('industry').notNull(),
    category: text('category').notNull(),
    groupId: text('group_id').notNull().references(() => recipientGroups.id),
    receivedDay: day('received_day').notNull(),
    status: text('status', { enum: caseStatuses }).notNull().default('new'),
    severity: text('severity', { enum: severities }),
    /** Set when the case is closed; retention purges closed cases this many days later. */
    closedDay: day('closed_day'),
    /** A group accident (several people affected). */
    groupIncident: integer('group_incident', { mode: 'boolean' }).notNull().default(false),
    /** The staff account working the case (no foreign key: accounts are never deleted). */
    assigneeId: text('assignee_id'),
    outcome: text('outcome', { enum: outcomes }),
    /** Due days computed from receivedDay by server/domain/deadlines.ts; recomputed when the settings change. */
    acknowledgeDue: day('acknowledge_due'),
    triageDue: day('triage_due'),
    answerDue: day('answer_due'),
    feedbackDue: day('feedback_due'),
  },
  (t) => [
    index('reports_group_status').on(t.groupId, t.status),
    index('reports_closed_day').on(t.closedDay),
    index('reports_group_received').on(t.groupId, t.receivedDay),
    index('reports_assignee').on(t.assigneeId),
    index('reports_received_day').on(t.receivedDay),
  ],
);

export const reportFields = sqliteTable(
  'report_fields',
  {
    reportId: text('report_id').notNull().references(() => reports.id, { onDelete: 'cascade' }),
    field: text('field', { enum: ['content', 'contact'] }).notNull(),
    ciphertext: bytes('ciphertext').notNull(),
  },
  (t) => [primaryKey({ columns: [t.reportId, t.field] })],
);

export const reportKeyWraps = sqliteTable(
  'report_key_wraps',
  {
    reportId: text('report_id').notNull().references(() => reports.id, { onDelete: 'cascade' }),
    recipientId: text('recipient_id').notNull().references(() => recipients.id),
    wrap: bytes('wrap').notNull(),
  },
  (t) => [primaryKey({ columns: [t.reportId, t.recipientId] }), index('report_key_wraps_recipient').on(t.recipientId)],
);

/** The reporter's own copy of the report key, wrapped for the key derived from the case code. */
export const reporterKeys = sqliteTable('reporter_keys', {
  reportId: text('report_id').primaryKey().references(() => reports.id, { onDelete: 'cascade' }),
  salt: bytes('salt').notNull(),
  wrap: bytes('wrap').notNull(),
});

/** keyedHash(serverSecret, lookupId) → report. Neither the code nor the lookup id is stored. */
export const caseLookups = sqliteTable('case_lookups', {
  lookupHash: bytes('lookup_hash').primaryKey(),
  reportId: text('report_id').notNull().unique().references(() => reports.id, { onDelete: 'cascade' }),
});

// --- The inspector console: staff, sessions, invitations, case work, audit. ---
// Staff are not anonymous: their actions carry full timestamps (ISO 8601, UTC).

/**
 * A staff account. An inspector (or administrator) whose public key the organisation has signed
 * is also a row of `recipients` with the same id; group membership lives in `group_members`.
 */
export const staffAccounts = sqliteTable('staff_accounts', {
  id: text('id').primaryKey(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  role: text('role', { enum: roles }).notNull(),
  status: text('status', { enum: accountStatuses }).notNull().default('active'),
  /** wrapWithPassphrase(X25519 private key, passphrase), made in the browser (its salt is the login salt). */
  keyEnvelope: bytes('key_envelope').notNull(),
  publicKey: bytes('public_key').notNull(),
  /** The organisation key's signature of publicKey (before certificates); null while it awaits an administrator. */
  keySignature: bytes('key_signature'),
  /** The account's Ed25519 public key (signs its notes; certified with its box key); null for an account made before it, until upgraded. */
  signingPublicKey: bytes('signing_public_key'),
  /** Groups given at invitation, applied to group_members once the key is signed (JSON array). */
  pendingGroupIds: text('pending_group_ids').notNull().default('[]'),
  /** hashAuthValue(authValue): crypto_pwhash_str. */
  authHash: text('auth_hash').notNull(),
  totpSecret: bytes('totp_secret'),
  totpEnabled: integer('totp_enabled', { mode: 'boolean' }).notNull().default(false),
  /** The last TOTP time step accepted, so a code is never accepted twice. */
  totpLastStep: integer('totp_last_step'),
  createdAt: text('created_at').notNull(),
});

export const staffSessions = sqliteTable(
  'staff_sessions',
  {
    /** SHA-256 of the session cookie; the cookie itself is never stored. */
    tokenHash: bytes('token_hash').primaryKey(),
    accountId: text('account_id').notNull().references(() => staffAccounts.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: text('created_at').notNull(),
    lastSeenAt: text('last_seen_at').notNull(),
  },
  (t) => [index('staff_sessions_account').on(t.accountId)],
);

export const invitations = sqliteTable('invitations', {
  /** SHA-256 of the one-time token in the invitation link. */
  tokenHash: bytes('token_hash').primaryKey(),
  role: text('role', { enum: roles }).notNull(),
  displayName: text('display_name').notNull(),
  groupIds: text('group_ids').notNull(),
  createdBy: text('created_by').notNull(),
  expiresAt: text('expires_at').notNull(),
  usedAt: text('used_at'),
});

/** What happened to a case: status, severity, assignee, group flag, recipients. */
export const caseEvents = sqliteTable(
  'case_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    reportId: text('report_id').notNull().references(() => reports.id, { onDelete: 'cascade' }),
    at: text('at').notNull(),
    actorId: text('actor_id').notNull(),
    kind: text('kind', { enum: caseEventKinds }).notNull(),
    fromValue: text('from_value'),
    toValue: text('to_value'),
    outcome: text('outcome', { enum: outcomes }),
  },
  (t) => [index('case_events_report').on(t.reportId)],
);

/** Internal notes, encrypted in the browser to the report key (field 'note'). */
export const caseNotes = sqliteTable(
  'case_notes',
  {
    id: text('id').primaryKey(),
    reportId: text('report_id').notNull().references(() => reports.id, { onDelete: 'cascade' }),
    authorId: text('author_id').notNull(),
    createdAt: text('created_at').notNull(),
    ciphertext: bytes('ciphertext').notNull(),
  },
  (t) => [index('case_notes_report').on(t.reportId)],
);

/**
 * Append-only, hash-chained: hash = SHA-256(prevHash | canonical JSON of the entry). No foreign
 * keys: the log outlives purged cases. `npm run admin -- verify-audit` checks the chain.
 */
export const auditLog = sqliteTable('audit_log', {
  seq: integer('seq').primaryKey(),
  at: text('at').notNull(),
  actorId: text('actor_id'),
  action: text('action').notNull(),
  caseId: text('case_id'),
  detail: text('detail').notNull(),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
});

export const organisationSettings = sqliteTable(
  'organisation_settings',
  {
    id: integer('id').primaryKey(),
    requireTotp: integer('require_totp', { mode: 'boolean' }).notNull().default(false),
    /** Null: RETENTION_DAYS from the environment. */
    retentionDays: integer('retention_days'),
    /** JSON of server/domain/deadlines.ts DeadlineSettings. */
    deadlines: text('deadlines').notNull(),
  },
  (t) => [check('organisation_settings_singleton', sql`${t.id} = 1`)],
);

/**
 * One row whose `revision` grows with every change to what routes and seals a new report:
 * the organisation, its settings, recipient groups, recipients and memberships (triggers in
 * migration 0004, so changes from any connection and any process count). The intake keeps those
 * in memory and reloads them when the revision moved.
 */
export const directoryRevision = sqliteTable(
  'directory_revision',
  {
    id: integer('id').primaryKey(),
    revision: integer('revision').notNull(),
  },
  (t) => [check('directory_revision_singleton', sql`${t.id} = 1`)],
);

/**
 * The organisation's certificate of each key that may receive reports (crypto/certificate.ts):
 * one per staff account (its newest; re-issuing replaces it) and the recovery key's
 * (`account_id` 'recovery'). Made and signed in an administrator's browser; the digest is
 * certificateDigest(certificate), what a signed directory lists. Rows nobody's directory lists
 * are never served to reporters nor routed to.
 */
export const certificates = sqliteTable('certificates', {
  accountId: text('account_id').primaryKey(),
  certificate: bytes('certificate').notNull(),
  digest: text('digest').notNull().unique(),
  /** When the server stored it (ISO 8601, UTC): staff actions, not reporters'. */
  issuedAt: text('issued_at').notNull(),
});

/**
 * Every signed directory ever published (crypto/directory.ts), by version; the highest is the
 * current one. Reporters' pages verify it with the organisation key they hold, and the intake
 * routes by it, so a row edited here only makes submissions fail, never go elsewhere.
 */
export const signedDirectories = sqliteTable('signed_directories', {
  version: integer('version').primaryKey(),
  directory: bytes('directory').notNull(),
  publishedAt: text('published_at').notNull(),
  /** The administrator's account id; null when published by the admin CLI. */
  publishedBy: text('published_by'),
});

/**
 * Per report table, the highest rowid once the report writer last gave the rows appended before
 * it random rowids (db/writer-core.js, insertionOrderShuffler): rows above it are still in
 * insertion order. Migration 0005 shuffles the rows it finds and starts these.
 */
export const orderingWatermarks = sqliteTable('ordering_watermarks', {
  tableName: text('table_name').primaryKey(),
  shuffledThrough: integer('shuffled_through').notNull(),
});
