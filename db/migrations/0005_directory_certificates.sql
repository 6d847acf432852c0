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
-- Hand-written below (drizzle cannot say WITHOUT ROWID): the stored reports lose their insertion
-- order. A rowid table numbers rows 1, 2, 3 … as they arrive, so the file itself would tell
-- which report came after which (and with the received day, roughly when); keyed by their
-- random ids, rows sit in id order. Each table is rebuilt and its rows copied. database.ts runs
-- migrations with foreign keys off (DROP TABLE would otherwise delete every case's events and
-- notes through ON DELETE CASCADE) and checks them all afterwards.
CREATE TABLE `__new_reports` (
	`id` text PRIMARY KEY NOT NULL,
	`envelope_version` integer NOT NULL,
	`region` text NOT NULL,
	`industry` text NOT NULL,
	`category` text NOT NULL,
	`group_id` text NOT NULL,
	`received_day` text NOT NULL,
	`status` text DEFAULT 'new' NOT NULL,
	`severity` text,
	`closed_day` text,
	`group_incident` integer DEFAULT false NOT NULL,
	`assignee_id` text,
	`outcome` text,
	`acknowledge_due` text,
	`triage_due` text,
	`answer_due` text,
	`feedback_due` text,
	FOREIGN KEY (`group_id`) REFERENCES `recipient_groups`(`id`) ON UPDATE no action ON DELETE no action
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_reports` (`id`, `envelope_version`, `region`, `industry`, `category`, `group_id`, `received_day`, `status`, `severity`, `closed_day`, `group_incident`, `assignee_id`, `outcome`, `acknowledge_due`, `triage_due`, `answer_due`, `feedback_due`)
	SELECT `id`, `envelope_version`, `region`, `industry`, `category`, `group_id`, `received_day`, `status`, `severity`, `closed_day`, `group_incident`, `assignee_id`, `outcome`, `acknowledge_due`, `triage_due`, `answer_due`, `feedback_due` FROM `reports`;
--> statement-breakpoint
DROP TABLE `reports`;
--> statement-breakpoint
ALTER TABLE `__new_reports` RENAME TO `reports`;
--> statement-breakpoint
CREATE INDEX `reports_group_status` ON `reports` (`group_id`,`status`);
--> statement-breakpoint
CREATE INDEX `reports_closed_day` ON `reports` (`closed_day`);
--> statement-breakpoint
CREATE INDEX `reports_group_received` ON `reports` (`group_id`,`received_day`);
--> statement-breakpoint
CREATE INDEX `reports_assignee` ON `reports` (`assignee_id`);
--> statement-breakpoint
CREATE INDEX `reports_received_day` ON `reports` (`received_day`);
--> statement-breakpoint
CREATE TABLE `__new_report_fields` (
	`report_id` text NOT NULL,
	`field` text NOT NULL,
	`ciphertext` blob NOT NULL,
	PRIMARY KEY(`report_id`, `field`),
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_report_fields` (`report_id`, `field`, `ciphertext`) SELECT `report_id`, `field`, `ciphertext` FROM `report_fields`;
--> statement-breakpoint
DROP TABLE `report_fields`;
--> statement-breakpoint
ALTER TABLE `__new_report_fields` RENAME TO `report_fields`;
--> statement-breakpoint
CREATE TABLE `__new_report_key_wraps` (
	`report_id` text NOT NULL,
	`recipient_id` text NOT NULL,
	`wrap` blob NOT NULL,
	PRIMARY KEY(`report_id`, `recipient_id`),
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`recipient_id`) REFERENCES `recipients`(`id`) ON UPDATE no action ON DELETE no action
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_report_key_wraps` (`report_id`, `recipient_id`, `wrap`) SELECT `report_id`, `recipient_id`, `wrap` FROM `report_key_wraps`;
--> statement-breakpoint
DROP TABLE `report_key_wraps`;
--> statement-breakpoint
ALTER TABLE `__new_report_key_wraps` RENAME TO `report_key_wraps`;
--> statement-breakpoint
CREATE INDEX `report_key_wraps_recipient` ON `report_key_wraps` (`recipient_id`);
--> statement-breakpoint
CREATE TABLE `__new_reporter_keys` (
	`report_id` text PRIMARY KEY NOT NULL,
	`salt` blob NOT NULL,
	`wrap` blob NOT NULL,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_reporter_keys` (`report_id`, `salt`, `wrap`) SELECT `report_id`, `salt`, `wrap` FROM `reporter_keys`;
--> statement-breakpoint
DROP TABLE `reporter_keys`;
--> statement-breakpoint
ALTER TABLE `__new_reporter_keys` RENAME TO `reporter_keys`;
--> statement-breakpoint
CREATE TABLE `__new_case_lookups` (
	`lookup_hash` blob PRIMARY KEY NOT NULL,
	`report_id` text NOT NULL,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_case_lookups` (`lookup_hash`, `report_id`) SELECT `lookup_hash`, `report_id` FROM `case_lookups`;
--> statement-breakpoint
DROP TABLE `case_lookups`;
--> statement-breakpoint
ALTER TABLE `__new_case_lookups` RENAME TO `case_lookups`;
--> statement-breakpoint
CREATE UNIQUE INDEX `case_lookups_report_id_unique` ON `case_lookups` (`report_id`);
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
