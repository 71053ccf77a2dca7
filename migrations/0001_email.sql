CREATE TABLE `email_messages` (
	`message_id` text PRIMARY KEY NOT NULL,
	`reference` text NOT NULL,
	`record_ids` text NOT NULL,
	`kind` text NOT NULL,
	`sent_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `email_messages_reference` ON `email_messages` (`reference`);--> statement-breakpoint
CREATE TABLE `email_outbox` (
	`message_id` text PRIMARY KEY NOT NULL,
	`r2_key` text NOT NULL,
	`from_address` text NOT NULL,
	`to_address` text NOT NULL,
	`reply_to` text NOT NULL,
	`subject` text NOT NULL,
	`reference` text NOT NULL,
	`record_ids` text NOT NULL,
	`reminder` integer DEFAULT 0 NOT NULL,
	`size` integer NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `email_outbox_created` ON `email_outbox` (`created_at`);--> statement-breakpoint
CREATE TABLE `inbox` (
	`id` text PRIMARY KEY NOT NULL,
	`message_id` text,
	`raw_key` text NOT NULL,
	`size` integer NOT NULL,
	`from_domain` text,
	`summary_sealed` text NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`matched_by` text,
	`record_ids` text DEFAULT '[]' NOT NULL,
	`received_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `inbox_status_received` ON `inbox` (`status`,`received_at`);