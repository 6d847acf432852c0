-- What routes and seals a new report (organisation, settings, groups, recipients, memberships)
-- bumps one revision, from any connection or process: the intake reloads its copy when it moved.
CREATE TABLE `directory_revision` (
	`id` integer PRIMARY KEY NOT NULL,
	`revision` integer NOT NULL,
	CONSTRAINT "directory_revision_singleton" CHECK("directory_revision"."id" = 1)
);
--> statement-breakpoint
INSERT INTO `directory_revision` (`id`, `revision`) VALUES (1, 1);
--> statement-breakpoint
CREATE TRIGGER `organisation_insert_revision` AFTER INSERT ON `organisation` BEGIN UPDATE `directory_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `organisation_update_revision` AFTER UPDATE ON `organisation` BEGIN UPDATE `directory_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `organisation_delete_revision` AFTER DELETE ON `organisation` BEGIN UPDATE `directory_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `organisation_settings_insert_revision` AFTER INSERT ON `organisation_settings` BEGIN UPDATE `directory_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `organisation_settings_update_revision` AFTER UPDATE ON `organisation_settings` BEGIN UPDATE `directory_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `organisation_settings_delete_revision` AFTER DELETE ON `organisation_settings` BEGIN UPDATE `directory_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `recipient_groups_insert_revision` AFTER INSERT ON `recipient_groups` BEGIN UPDATE `directory_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `recipient_groups_update_revision` AFTER UPDATE ON `recipient_groups` BEGIN UPDATE `directory_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `recipient_groups_delete_revision` AFTER DELETE ON `recipient_groups` BEGIN UPDATE `directory_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `recipients_insert_revision` AFTER INSERT ON `recipients` BEGIN UPDATE `directory_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `recipients_update_revision` AFTER UPDATE ON `recipients` BEGIN UPDATE `directory_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `recipients_delete_revision` AFTER DELETE ON `recipients` BEGIN UPDATE `directory_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `group_members_insert_revision` AFTER INSERT ON `group_members` BEGIN UPDATE `directory_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `group_members_update_revision` AFTER UPDATE ON `group_members` BEGIN UPDATE `directory_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `group_members_delete_revision` AFTER DELETE ON `group_members` BEGIN UPDATE `directory_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
