ALTER TABLE singers ADD COLUMN birth_date date;

ALTER TABLE singers ADD COLUMN IF NOT EXISTS nickname varchar(64) DEFAULT 'none' NOT NULL;

ALTER TABLE singers ADD nationality text;

ALTER TABLE singers DROP COLUMN nickname;

ALTER TABLE singers DROP nationality;

ALTER TABLE singers ALTER COLUMN first_name TYPE varchar(2048);

ALTER TABLE singers ALTER first_name TYPE text;

ALTER TABLE singers ALTER COLUMN first_name SET DATA TYPE varchar(100);

ALTER TABLE singers ALTER COLUMN first_name TYPE varchar(2048), ALTER COLUMN first_name SET NOT NULL;

ALTER TABLE singers ALTER COLUMN first_name TYPE text, ALTER COLUMN first_name DROP NOT NULL;

ALTER TABLE singers ALTER COLUMN last_name SET NOT NULL;

ALTER TABLE singers ALTER COLUMN last_name DROP NOT NULL;

ALTER TABLE singers ALTER COLUMN last_name SET DEFAULT 'unknown';

ALTER TABLE singers ALTER COLUMN last_name DROP DEFAULT;

ALTER TABLE events ALTER COLUMN created_at TYPE spanner.commit_timestamp;

ALTER TABLE identities ALTER COLUMN id RESTART COUNTER WITH 1000;

ALTER TABLE identities ALTER COLUMN id SET SKIP RANGE 1 99;

ALTER TABLE identities ALTER COLUMN id SET NO SKIP RANGE;

ALTER TABLE orders ADD CONSTRAINT fk_orders_customers FOREIGN KEY (customer_id) REFERENCES customers (customer_id);

ALTER TABLE orders ADD CONSTRAINT fk_cascade FOREIGN KEY (customer_id) REFERENCES customers (customer_id) ON DELETE CASCADE;

ALTER TABLE orders ADD FOREIGN KEY (other_customer) REFERENCES customers (customer_id);

ALTER TABLE checks ADD CONSTRAINT qty_small CHECK (qty < 1000000);

ALTER TABLE checks ADD CHECK (price < 1000);

ALTER TABLE checks DROP CONSTRAINT qty_small;

ALTER TABLE events ADD TTL INTERVAL '10 days' ON created_at;

ALTER TABLE events ALTER TTL INTERVAL '20 days' ON created_at;

ALTER TABLE events DROP TTL;

ALTER TABLE albums SET ON DELETE NO ACTION;

ALTER TABLE albums SET ON DELETE CASCADE;

ALTER TABLE colocated SET INTERLEAVE IN PARENT events ON DELETE CASCADE;

ALTER TABLE albums SET INTERLEAVE IN singers;

ALTER TABLE singers RENAME TO artists;

ALTER TABLE artists RENAME WITH SYNONYM TO singers;

ALTER TABLE singers ADD SYNONYM performers;

ALTER TABLE singers DROP SYNONYM performers;

ALTER TABLE "MixedCase" ADD COLUMN "Extra" bigint[];

ALTER TABLE public.singers ADD COLUMN score real;
