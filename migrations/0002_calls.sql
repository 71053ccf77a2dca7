CREATE TABLE `calls` (
	`id` text PRIMARY KEY NOT NULL,
	`hotel_phone` text NOT NULL,
	`record_ids` text NOT NULL,
	`status` text NOT NULL,
	`outcome` text,
	`campaign_id` text,
	`recording_key` text,
	`started_at` text NOT NULL,
	`ended_at` text,
	`version` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `calls_status_started` ON `calls` (`status`,`started_at`);--> statement-breakpoint
CREATE INDEX `calls_hotel_started` ON `calls` (`hotel_phone`,`started_at`);--> statement-breakpoint
CREATE TABLE `campaigns` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`seed` integer NOT NULL,
	`clock_scale` integer NOT NULL,
	`records` text NOT NULL
);
