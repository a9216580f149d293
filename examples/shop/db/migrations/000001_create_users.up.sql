CREATE TABLE users (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- A table created in the same migration is empty: a plain index is fine here.
CREATE UNIQUE INDEX users_email_key ON users (email);
