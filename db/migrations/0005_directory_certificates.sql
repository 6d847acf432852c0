CREATE TABLE `certificates` (
	`account_id` text PRIMARY KEY NOT NULL,
	`certificate` blob NOT NULL,
	`digest` text NOT NULL,
	`issued_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_digest_unique` ON `certificates` (`digest`);--> statement-breakpoint
CREATE TABLE `signed_directories` (
	`version` integer PRIMARY KEY NOT NULL,
	`directory` blob NOT NULL,
	`published_at` text NOT NULL,
	`published_by` text
);
--> statement-breakpoint
ALTER TABLE `organisation` ADD `signing_key_protection` text DEFAULT 'login_passphrase' NOT NULL;--> statement-breakpoint
ALTER TABLE `staff_accounts` ADD `signing_public_key` blob;--> statement-breakpoint
CREATE TABLE `ordering_watermarks` (
	`table_name` text PRIMARY KEY NOT NULL,
	`shuffled_through` integer NOT NULL
);
--> statement-breakpoint
-- Hand-written below: the stored reports lose their insertion order. A rowid table numbers rows
-- 1, 2, 3 … as they arrive, so the file itself would tell which report came after which. The
-- report writer gives rows appended since its last pass random rowids once it is idle
-- (db/writer-core.js, insertionOrderShuffler); the rows already here get theirs now, at random
-- in [1, 2^62) (SQLite's random(); a collision, about n²/2^63, fails the migration, which runs
-- again at the next start), and each table's watermark records the highest rowid after it.
UPDATE `reports` SET rowid = 1 + (random() & 4611686018427387903) % 4611686018427387903;
--> statement-breakpoint
UPDATE `report_fields` SET rowid = 1 + (random() & 4611686018427387903) % 4611686018427387903;
--> statement-breakpoint
UPDATE `report_key_wraps` SET rowid = 1 + (random() & 4611686018427387903) % 4611686018427387903;
--> statement-breakpoint
UPDATE `reporter_keys` SET rowid = 1 + (random() & 4611686018427387903) % 4611686018427387903;
--> statement-breakpoint
UPDATE `case_lookups` SET rowid = 1 + (random() & 4611686018427387903) % 4611686018427387903;
--> statement-breakpoint
INSERT INTO `ordering_watermarks` (`table_name`, `shuffled_through`)
	SELECT 'reports', coalesce(max(rowid), 0) FROM `reports`
	UNION ALL SELECT 'report_fields', coalesce(max(rowid), 0) FROM `report_fields`
	UNION ALL SELECT 'report_key_wraps', coalesce(max(rowid), 0) FROM `report_key_wraps`
	UNION ALL SELECT 'reporter_keys', coalesce(max(rowid), 0) FROM `reporter_keys`
	UNION ALL SELECT 'case_lookups', coalesce(max(rowid), 0) FROM `case_lookups`;
--> statement-breakpoint
-- Certificates and signed directories route new reports too: the intake reloads on their changes (see 0004).
CREATE TRIGGER `certificates_insert_revision` AFTER INSERT ON `certificates` BEGIN UPDATE `directory_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `certificates_update_revision` AFTER UPDATE ON `certificates` BEGIN UPDATE `directory_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `certificates_delete_revision` AFTER DELETE ON `certificates` BEGIN UPDATE `directory_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `signed_directories_insert_revision` AFTER INSERT ON `signed_directories` BEGIN UPDATE `directory_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `signed_directories_update_revision` AFTER UPDATE ON `signed_directories` BEGIN UPDATE `directory_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `signed_directories_delete_revision` AFTER DELETE ON `signed_directories` BEGIN UPDATE `directory_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
