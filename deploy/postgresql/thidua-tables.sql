-- Per-table settings of Thi Đua Số on PostgreSQL (storage parameters; postgresql.conf cannot hold them).
-- Run once after the first `thidua migrate` created the tables, as the owner of the tables or a superuser:
--   sudo -u postgres psql -d thidua -v ON_ERROR_STOP=1 -f /opt/thidua/deploy/postgresql/thidua-tables.sql
-- Safe to run again (each statement only sets parameters; no row is read or written). `thidua backup` (pg_dump) keeps
-- these settings and `thidua restore` brings them back (checked); a later migration that recreates one of these
-- tables loses them: run this file again after such an upgrade.

BEGIN;

-- The audit log only grows: the database refuses UPDATE and DELETE on it (trigger audit_entries_no_change).
-- Nothing to clean, but the visibility map must follow the inserts (the audit pages then use index-only scans)
-- and old rows must be frozen a little at a time, not in one anti-wraparound pass over millions of rows. At
-- ~60,000 entries per commune a year (a change or sign-in of ~300 accounts, ~200 each), a province adds ~6 M rows a
-- year: vacuum after every 1% or 50,000 new rows, analyze after 1%.
ALTER TABLE audit_entries SET (
    autovacuum_vacuum_insert_scale_factor = 0.01,
    autovacuum_vacuum_insert_threshold = 50000,
    autovacuum_analyze_scale_factor = 0.01,
    autovacuum_freeze_min_age = 1000000
);

-- Every sign-in attempt adds a row, none is ever deleted: the same as the audit log.
ALTER TABLE login_attempts SET (
    autovacuum_vacuum_insert_scale_factor = 0.01,
    autovacuum_vacuum_insert_threshold = 50000,
    autovacuum_analyze_scale_factor = 0.01
);

-- Sessions: a row per sign-in, deleted at sign-out and (expired ones) at the user's next sign-in; every request
-- looks one up by token_hash. Small (the sessions alive) but churning: vacuum after 1,000 dead rows whatever the
-- size, so the token index does not fill with dead entries.
ALTER TABLE auth_sessions SET (
    autovacuum_vacuum_scale_factor = 0.0,
    autovacuum_vacuum_threshold = 1000,
    autovacuum_analyze_scale_factor = 0.05
);

-- Sign-in throttle counters and the public forms' counters: one small row updated in place by an upsert at every
-- failed sign-in or public post (a password spray or a flood of objections updates a few rows thousands of times).
-- fillfactor 70 leaves room in each page so an update stays on its page (HOT: no index entry to add); vacuum after
-- 200 dead rows.
ALTER TABLE login_throttles SET (
    fillfactor = 70,
    autovacuum_vacuum_scale_factor = 0.0,
    autovacuum_vacuum_threshold = 200,
    autovacuum_analyze_scale_factor = 0.1
);
ALTER TABLE public_form_counters SET (
    fillfactor = 70,
    autovacuum_vacuum_scale_factor = 0.0,
    autovacuum_vacuum_threshold = 200,
    autovacuum_analyze_scale_factor = 0.1
);

-- Reports are saved many times as drafts before 15/11 (each save bumps `version`): room for HOT updates.
ALTER TABLE annual_reports SET (fillfactor = 85);
ALTER TABLE registrations SET (fillfactor = 85);

COMMIT;

-- What is set (one row per table):
SELECT relname, reloptions FROM pg_class
WHERE relname IN ('audit_entries', 'login_attempts', 'auth_sessions', 'login_throttles', 'public_form_counters',
                  'annual_reports', 'registrations')
ORDER BY relname;
