CREATE TABLE `audit_log` (
	`seq` integer PRIMARY KEY NOT NULL,
	`at` text NOT NULL,
	`actor_id` text,
	`action` text NOT NULL,
	`case_id` text,
	`detail` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `case_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`report_id` text NOT NULL,
	`at` text NOT NULL,
	`actor_id` text NOT NULL,
	`kind` text NOT NULL,
	`from_value` text,
	`to_value` text,
	`outcome` text,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `case_events_report` ON `case_events` (`report_id`);--> statement-breakpoint
CREATE TABLE `case_notes` (
	`id` text PRIMARY KEY NOT NULL,
	`report_id` text NOT NULL,
	`author_id` text NOT NULL,
	`created_at` text NOT NULL,
	`ciphertext` blob NOT NULL,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `case_notes_report` ON `case_notes` (`report_id`);--> statement-breakpoint
CREATE TABLE `invitations` (
	`token_hash` blob PRIMARY KEY NOT NULL,
	`role` text NOT NULL,
	`display_name` text NOT NULL,
	`group_ids` text NOT NULL,
	`created_by` text NOT NULL,
	`expires_at` text NOT NULL,
	`used_at` text
);
--> statement-breakpoint
CREATE TABLE `organisation_settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`require_totp` integer DEFAULT false NOT NULL,
	`retention_days` integer,
	`deadlines` text NOT NULL,
	CONSTRAINT "organisation_settings_singleton" CHECK("organisation_settings"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE `staff_accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`username` text NOT NULL,
	`display_name` text NOT NULL,
	`role` text NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`key_envelope` blob NOT NULL,
	`public_key` blob NOT NULL,
	`key_signature` blob,
	`pending_group_ids` text DEFAULT '[]' NOT NULL,
	`auth_hash` text NOT NULL,
	`totp_secret` blob,
	`totp_enabled` integer DEFAULT false NOT NULL,
	`totp_last_step` integer,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_accounts_username_unique` ON `staff_accounts` (`username`);--> statement-breakpoint
CREATE TABLE `staff_sessions` (
	`token_hash` blob PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`csrf_token` text NOT NULL,
	`created_at` text NOT NULL,
	`last_seen_at` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `staff_accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `staff_sessions_account` ON `staff_sessions` (`account_id`);--> statement-breakpoint
ALTER TABLE `reports` ADD `group_incident` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `reports` ADD `assignee_id` text;--> statement-breakpoint
ALTER TABLE `reports` ADD `outcome` text;--> statement-breakpoint
ALTER TABLE `reports` ADD `acknowledge_due` text;--> statement-breakpoint
ALTER TABLE `reports` ADD `triage_due` text;--> statement-breakpoint
ALTER TABLE `reports` ADD `answer_due` text;--> statement-breakpoint
ALTER TABLE `reports` ADD `feedback_due` text;--> statement-breakpoint
CREATE INDEX `reports_group_received` ON `reports` (`group_id`,`received_day`);--> statement-breakpoint
CREATE INDEX `reports_assignee` ON `reports` (`assignee_id`);--> statement-breakpoint
CREATE INDEX `reports_received_day` ON `reports` (`received_day`);