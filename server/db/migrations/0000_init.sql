-- Caliper's first schema. Migrations are plain SQL, applied in order at start (server/db/open.ts),
-- each once, recorded in drizzle.__drizzle_migrations. Never edit an applied migration: add one.
CREATE TABLE users (
  id uuid PRIMARY KEY,
  username text NOT NULL UNIQUE,
  display_name text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'coordinator', 'reader', 'adjudicator', 'monitor')),
  password_hash text NOT NULL,
  disabled boolean NOT NULL DEFAULT false,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
-- Sessions live here, not in a process, so that several servers can share one database.
-- Only a hash of the session token is stored: a copy of the table signs no one in (the CSRF
-- token is useless without the session cookie, and the app asks for it again after a reload).
CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id),
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  absolute_expires_at timestamptz NOT NULL
);
--> statement-breakpoint
CREATE INDEX sessions_user ON sessions(user_id);
--> statement-breakpoint
-- Counters of @fastify/rate-limit (server/auth.ts DatabaseRateLimitStore).
CREATE TABLE rate_limits (
  key text PRIMARY KEY,
  count integer NOT NULL,
  window_ends timestamptz NOT NULL
);
--> statement-breakpoint
CREATE TABLE cases (
  id uuid PRIMARY KEY,
  patient text NOT NULL,
  -- json, not jsonb: the case file keeps the key order the user wrote.
  data json NOT NULL,
  version integer NOT NULL DEFAULT 1,
  locked boolean NOT NULL DEFAULT false,
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE TABLE assignments (
  case_id uuid PRIMARY KEY REFERENCES cases(id),
  timepoints json NOT NULL,
  assigned_by uuid NOT NULL REFERENCES users(id),
  assigned_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE TABLE reads (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES assignments(case_id),
  slot smallint NOT NULL CHECK (slot IN (1, 2)),
  reader_id uuid NOT NULL REFERENCES users(id),
  data json NOT NULL,
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (case_id, slot),
  UNIQUE (case_id, reader_id)
);
--> statement-breakpoint
CREATE INDEX reads_reader ON reads(reader_id);
--> statement-breakpoint
CREATE TABLE signatures (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases(id),
  read_id uuid REFERENCES reads(id),
  timepoint text NOT NULL,
  meaning text NOT NULL CHECK (meaning IN ('read', 'adjudicated', 'approved')),
  user_id uuid NOT NULL REFERENCES users(id),
  signed_at timestamptz NOT NULL,
  -- SHA-256 of the case file as signed: what the signature is a signature of.
  content_hash text NOT NULL
);
--> statement-breakpoint
CREATE INDEX signatures_case ON signatures(case_id);
--> statement-breakpoint
CREATE TABLE adjudications (
  case_id uuid PRIMARY KEY REFERENCES assignments(case_id),
  choice text NOT NULL CHECK (choice IN ('reader1', 'reader2', 'own')),
  reason text NOT NULL,
  adjudicator_id uuid NOT NULL REFERENCES users(id),
  signed_at timestamptz NOT NULL
);
--> statement-breakpoint
-- The audit trail. `payload` is the entry as canonical JSON text, hashed with the previous
-- entry's hash (server/audit-trail.ts); case_id repeats payload.caseId for lookups and is checked
-- against it by verification.
CREATE TABLE audit (
  seq bigint PRIMARY KEY,
  case_id uuid,
  payload text NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
--> statement-breakpoint
CREATE INDEX audit_case ON audit(case_id);
--> statement-breakpoint
-- Append-only: no UPDATE, DELETE or TRUNCATE of the audit trail, signatures or adjudications,
-- whatever role asks (a superuser or the tables' owner can still drop the trigger: the hash
-- chain is what detects that; docs/server.md shows the restricted role for a real server).
CREATE FUNCTION caliper_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'table % is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit FOR EACH ROW EXECUTE FUNCTION caliper_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit FOR EACH STATEMENT EXECUTE FUNCTION caliper_refuse_change();
--> statement-breakpoint
CREATE TRIGGER signatures_append_only BEFORE UPDATE OR DELETE ON signatures FOR EACH ROW EXECUTE FUNCTION caliper_refuse_change();
--> statement-breakpoint
CREATE TRIGGER signatures_no_truncate BEFORE TRUNCATE ON signatures FOR EACH STATEMENT EXECUTE FUNCTION caliper_refuse_change();
--> statement-breakpoint
CREATE TRIGGER adjudications_append_only BEFORE UPDATE OR DELETE ON adjudications FOR EACH ROW EXECUTE FUNCTION caliper_refuse_change();
--> statement-breakpoint
CREATE TRIGGER adjudications_no_truncate BEFORE TRUNCATE ON adjudications FOR EACH STATEMENT EXECUTE FUNCTION caliper_refuse_change();
--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON audit, signatures, adjudications FROM PUBLIC;
