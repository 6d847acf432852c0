CREATE TABLE `case_lookups` (
	`lookup_hash` blob PRIMARY KEY NOT NULL,
	`report_id` text NOT NULL,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `case_lookups_report_id_unique` ON `case_lookups` (`report_id`);--> statement-breakpoint
CREATE TABLE `group_members` (
	`group_id` text NOT NULL,
	`recipient_id` text NOT NULL,
	PRIMARY KEY(`group_id`, `recipient_id`),
	FOREIGN KEY (`group_id`) REFERENCES `recipient_groups`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recipient_id`) REFERENCES `recipients`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `group_members_recipient` ON `group_members` (`recipient_id`);--> statement-breakpoint
CREATE TABLE `organisation` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`signing_public_key` blob NOT NULL,
	`wrapped_signing_key` blob NOT NULL,
	`created_day` text NOT NULL,
	CONSTRAINT "organisation_singleton" CHECK("organisation"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE `recipient_groups` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`region_kato` text,
	`name_kk` text NOT NULL,
	`name_ru` text NOT NULL,
	`name_en` text NOT NULL,
	`created_day` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `recipient_groups_region_kato_unique` ON `recipient_groups` (`region_kato`);--> statement-breakpoint
CREATE TABLE `recipients` (
	`id` text PRIMARY KEY NOT NULL,
	`display_name` text NOT NULL,
	`public_key` blob NOT NULL,
	`key_signature` blob NOT NULL,
	`wrapped_private_key` blob NOT NULL,
	`created_day` text NOT NULL,
	`disabled_day` text
);
--> statement-breakpoint
CREATE TABLE `report_fields` (
	`report_id` text NOT NULL,
	`field` text NOT NULL,
	`ciphertext` blob NOT NULL,
	PRIMARY KEY(`report_id`, `field`),
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `report_key_wraps` (
	`report_id` text NOT NULL,
	`recipient_id` text NOT NULL,
	`wrap` blob NOT NULL,
	PRIMARY KEY(`report_id`, `recipient_id`),
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`recipient_id`) REFERENCES `recipients`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `report_key_wraps_recipient` ON `report_key_wraps` (`recipient_id`);--> statement-breakpoint
CREATE TABLE `reporter_keys` (
	`report_id` text PRIMARY KEY NOT NULL,
	`salt` blob NOT NULL,
	`wrap` blob NOT NULL,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `reports` (
	`id` text PRIMARY KEY NOT NULL,
	`envelope_version` integer NOT NULL,
	`region` text NOT NULL,
	`industry` text NOT NULL,
	`category` text NOT NULL,
	`group_id` text NOT NULL,
	`received_day` text NOT NULL,
	`status` text DEFAULT 'new' NOT NULL,
	`severity` text,
	FOREIGN KEY (`group_id`) REFERENCES `recipient_groups`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `reports_group_status` ON `reports` (`group_id`,`status`);