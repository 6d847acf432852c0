-- The audit log is append-only: the application cannot change or delete an entry. Someone with
-- the database file can still drop these triggers; the hash chain (verify-audit) shows it then.
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log` BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_delete` BEFORE DELETE ON `audit_log` BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
