-- Run by the postgres entrypoint on first start, or by hand:
--   psql -v app_password="$APP_DB_PASSWORD" -v readonly_password="$READONLY_DB_PASSWORD" -f 01-create-app-user.sql
-- The passwords come from psql variables; nothing secret is stored in this file.

\set ON_ERROR_STOP on

CREATE ROLE app WITH LOGIN PASSWORD :'app_password' CONNECTION LIMIT 50;
CREATE ROLE reporting WITH LOGIN PASSWORD :'readonly_password';

-- Migrations run as the owner; the application only gets DML.
CREATE ROLE orders_owner NOLOGIN;
CREATE SCHEMA IF NOT EXISTS orders AUTHORIZATION orders_owner;

GRANT USAGE ON SCHEMA orders TO app, reporting;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA orders TO app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA orders TO app;
GRANT SELECT ON ALL TABLES IN SCHEMA orders TO reporting;

ALTER DEFAULT PRIVILEGES FOR ROLE orders_owner IN SCHEMA orders
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO app;
ALTER DEFAULT PRIVILEGES FOR ROLE orders_owner IN SCHEMA orders
  GRANT SELECT ON TABLES TO reporting;

-- Passwords must be hashed with SCRAM, never md5.
ALTER SYSTEM SET password_encryption = 'scram-sha-256';
SELECT pg_reload_conf();

-- Rotation (run by the Secrets Manager rotation Lambda):
--   ALTER ROLE app WITH PASSWORD :'new_app_password';
--   ALTER ROLE app VALID UNTIL 'infinity';
