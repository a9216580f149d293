DROP TABLE IF EXISTS invoices_archive;

DELETE FROM invoices;
