-- Flyway wraps this script in a transaction (there is no .sql.conf turning that off),
-- so PostgreSQL refuses CONCURRENTLY and the deploy fails.
CREATE INDEX CONCURRENTLY invoices_issued_at_idx ON invoices (issued_at);
