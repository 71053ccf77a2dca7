CREATE TABLE `messages` (
	`message_id` text PRIMARY KEY NOT NULL,
	`ours` text NOT NULL,
	`theirs_sealed` text NOT NULL,
	`direction` text NOT NULL,
	`status` text NOT NULL,
	`error_code` integer,
	`detail` text,
	`segments` integer NOT NULL,
	`body_sealed` text NOT NULL,
	`product` text,
	`routed` text,
	`late` integer DEFAULT 0 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `messages_by_time` ON `messages` (`created_at`);--> statement-breakpoint
CREATE INDEX `messages_by_routed` ON `messages` (`routed`,`created_at`);