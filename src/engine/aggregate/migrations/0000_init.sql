CREATE TABLE `events` (
	`sequence` integer PRIMARY KEY NOT NULL,
	`event_id` text NOT NULL,
	`append_id` text NOT NULL,
	`event_type` text NOT NULL,
	`timestamp` text NOT NULL,
	`correlation_id` text,
	`causation_id` text,
	`metadata` text NOT NULL,
	`data_sealed` text NOT NULL,
	`key_id` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `events_event_id_unique` ON `events` (`event_id`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`queue` text NOT NULL,
	`body` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `snapshot` (
	`id` integer PRIMARY KEY NOT NULL,
	`sequence` integer NOT NULL,
	`state_sealed` text NOT NULL,
	`audited_sequence` integer NOT NULL,
	`projected_sequence` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `timers` (
	`name` text PRIMARY KEY NOT NULL,
	`due_at` integer NOT NULL
);
