-- A PostgreSQL role for the application that cannot alter the audit trail (docs/server.md).
-- Run as the tables' owner after the first start (which applies the migrations); then start the
-- server with DATABASE_URL naming caliper_app and CALIPER_MIGRATION_URL naming the owner.
-- caliper_app may read and append to the audit trail, signatures and adjudications, never
-- update, delete or truncate them, and, not owning them, cannot disable their triggers.
CREATE ROLE caliper_app LOGIN;
GRANT USAGE ON SCHEMA public, drizzle TO caliper_app;
GRANT SELECT ON drizzle.__drizzle_migrations TO caliper_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON users, sessions, rate_limits, cases, assignments, reads TO caliper_app;
GRANT SELECT, INSERT ON audit, signatures, adjudications TO caliper_app;
