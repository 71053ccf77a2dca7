CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`key_hash` text NOT NULL,
	`prefix` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`revoked_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_hash` ON `api_keys` (`key_hash`);--> statement-breakpoint
CREATE TABLE `dead_letters` (
	`id` text PRIMARY KEY NOT NULL,
	`queue` text NOT NULL,
	`body` text NOT NULL,
	`received_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `events` (
	`event_id` text PRIMARY KEY NOT NULL,
	`aggregate_id` text NOT NULL,
	`aggregate_type` text NOT NULL,
	`sequence` integer NOT NULL,
	`event_type` text NOT NULL,
	`timestamp` text NOT NULL,
	`correlation_id` text,
	`causation_id` text,
	`data_sealed` text NOT NULL,
	`key_id` text NOT NULL,
	`metadata` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `events_aggregate_sequence` ON `events` (`aggregate_id`,`sequence`);--> statement-breakpoint
CREATE INDEX `events_type` ON `events` (`event_type`);--> statement-breakpoint
CREATE TABLE `hotels` (
	`phone` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`email` text,
	`timezone` text,
	`country` text,
	`call_window` text NOT NULL,
	`ivr_path` text,
	`notes` text,
	`version` integer NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `job_chunks` (
	`job_id` text NOT NULL,
	`chunk` integer NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`job_id`, `chunk`)
);
--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`total` integer NOT NULL,
	`done` integer DEFAULT 0 NOT NULL,
	`failed` integer DEFAULT 0 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `records` (
	`id` text PRIMARY KEY NOT NULL,
	`external_id` text,
	`status` text NOT NULL,
	`hotel_phone` text NOT NULL,
	`hotel_name` text NOT NULL,
	`check_in` text NOT NULL,
	`check_out` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`reply_to` text NOT NULL,
	`reply_token` text NOT NULL,
	`pii_sealed` text NOT NULL,
	`callback_at` text,
	`escalation_reason` text,
	`sequence` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `records_external_id` ON `records` (`external_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `records_reply_token` ON `records` (`reply_token`);--> statement-breakpoint
CREATE INDEX `records_status_created` ON `records` (`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `records_hotel_created` ON `records` (`hotel_phone`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `records_created` ON `records` (`created_at`,`id`);