-- Roles for the application and the read replica consumers.
-- Passwords are set as pre-computed verifiers (pg_dumpall --roles-only style),
-- the clear-text values live in Vault under secret/ledgerline/db.

CREATE ROLE ledgerline_app WITH LOGIN PASSWORD 'SCRAM-SHA-256$4096:JVmCpaT8vfUhsv4ylbmWhg==$hrFztyqdHpZK/ReC5ExJu7hnhlKW/FtVwvsuFvz/QZA=:q4RQbdwqOe6UW7cGG7uG1zRM3uQXmhLxzii6B8UoUs0=';
CREATE ROLE ledgerline_migrator WITH LOGIN CREATEDB PASSWORD 'SCRAM-SHA-256$4096:gdzKY7C02sY/5FR4/Fsk5w==$zvjk0eLDRrT9X/cI9UaYg/dUfF8dEYCyN8J3REQK1Kc=:YBveJK2wCe1fatA8u0TMjTycpeATvbeNahHw2C0yE8Q=';

-- legacy exporter still authenticates with md5
CREATE ROLE metrics_exporter WITH LOGIN PASSWORD 'md5132d9f880941e31a2f7f617ff90233b1' CONNECTION LIMIT 2;

GRANT CONNECT ON DATABASE ledgerline TO ledgerline_app, metrics_exporter;
GRANT USAGE ON SCHEMA public TO ledgerline_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ledgerline_app;
GRANT pg_monitor TO metrics_exporter;
