-- Rewrites every row in one statement, and the WHERE clause was forgotten.
UPDATE orders SET status = 'archived';

ALTER TABLE orders DROP COLUMN status;
