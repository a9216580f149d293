-- V2__index_invoices_by_customer.sql.conf sets executeInTransaction=false, so Flyway
-- runs this outside a transaction, as CONCURRENTLY requires.
CREATE INDEX CONCURRENTLY invoices_customer_email_idx ON invoices (customer_email);
