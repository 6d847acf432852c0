ALTER TABLE `reports` ADD `closed_day` text;--> statement-breakpoint
CREATE INDEX `reports_closed_day` ON `reports` (`closed_day`);