CREATE TABLE coupons (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code text NOT NULL UNIQUE,
    percent_off integer NOT NULL
);

ALTER TABLE orders ADD COLUMN coupon_id bigint;

-- Validates every existing row while holding a lock that blocks writes to both tables.
ALTER TABLE orders ADD CONSTRAINT orders_coupon_id_fkey FOREIGN KEY (coupon_id) REFERENCES coupons (id);
