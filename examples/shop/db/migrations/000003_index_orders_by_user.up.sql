-- Blocks every INSERT, UPDATE and DELETE on orders while the index builds.
CREATE INDEX orders_user_id_idx ON orders (user_id);
