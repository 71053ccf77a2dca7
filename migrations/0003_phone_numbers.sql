CREATE TABLE `phone_numbers` (
	`e164` text PRIMARY KEY NOT NULL,
	`product` text NOT NULL,
	`playbook` text NOT NULL,
	`settings` text DEFAULT '{}' NOT NULL,
	`label` text,
	`max_duration_ms` integer,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL
);
