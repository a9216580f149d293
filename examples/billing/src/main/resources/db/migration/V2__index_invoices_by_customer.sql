-- Flyway runs this script in a transaction, where CONCURRENTLY fails:
-- V2__index_invoices_by_customer.sql.conf turns that off.
CREATE INDEX CONCURRENTLY invoices_customer_email_idx ON invoices (customer_email);
