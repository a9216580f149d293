CREATE TABLE invoices (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_email text NOT NULL,
    amount_cents bigint NOT NULL,
    issued_at timestamptz NOT NULL DEFAULT now()
);
