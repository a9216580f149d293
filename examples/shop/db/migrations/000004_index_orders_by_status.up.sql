-- The safe form: alone in its file, so golang-migrate runs it outside a transaction.
CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);
