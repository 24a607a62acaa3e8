-- V7: read-only reporting account for Metabase and the nightly ETL writer.
-- Ticket: LL-1184

CREATE USER IF NOT EXISTS 'reporting_ro'@'10.20.%' IDENTIFIED BY 'eKd6DoIhRg+xGxVvM%TJ';
GRANT SELECT ON ledgerline.* TO 'reporting_ro'@'10.20.%';

CREATE USER IF NOT EXISTS 'etl_writer'@'10.20.%' IDENTIFIED BY 'placeholder';
ALTER USER 'etl_writer'@'10.20.%' IDENTIFIED BY 'Ypl4T=D94e5W5RzV_--XU7r%';
GRANT SELECT, INSERT, UPDATE ON ledgerline_dw.* TO 'etl_writer'@'10.20.%';

FLUSH PRIVILEGES;
