// Tables of Qauipsiz. Only small clear metadata lives beside ciphertext-free rows; every
// ciphertext sits in a table of its own so lookups never drag an overflow page along.
import { sql } from 'drizzle-orm';
import { blob, check, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

const bytes = (name: string) => blob(name, { mode: 'buffer' });
/** A calendar day, 'YYYY-MM-DD': reporter-caused times are never kept more precisely. */
const day = (name: string) => text(name);

export const organisation = sqliteTable(
  'organisation',
  {
    id: integer('id').primaryKey(),
    name: text('name').notNull(),
    signingPublicKey: bytes('signing_public_key').notNull(),
    wrappedSigningKey: bytes('wrapped_signing_key').notNull(),
    createdDay: day('created_day').notNull(),
  },
  (t) => [check('organisation_singleton', sql`${t.id} = 1`)],
);

export const recipientGroups = sqliteTable('recipient_groups', {
  id: text('id').primaryKey(),
  kind: text('kind', { enum: ['regional', 'national', 'anti_corruption', 'custom'] }).notNull(),
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
    status: text('status', {
      enum: ['new', 'acknowledged', 'in_review', 'inspection_planned', 'referred', 'closed'],
    }).notNull().default('new'),
    severity: text('severity', { enum: ['light', 'severe', 'fatal'] }),
    /** Set when the case is closed; retention purges closed cases this many days later. */
    closedDay: day('closed_day'),
  },
  (t) => [index('reports_group_status').on(t.groupId, t.status), index('reports_closed_day').on(t.closedDay)],
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
