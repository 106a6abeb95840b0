-- The demo's schema: Odoo's table names, with the keys and constraints PostgreSQL enforces itself.
CREATE TABLE res_partner (
  id serial PRIMARY KEY,
  name varchar NOT NULL CHECK (btrim(name) <> ''),
  email varchar,
  phone varchar,
  street varchar,
  city varchar,
  zip varchar,
  country_code char(2),
  is_company boolean NOT NULL DEFAULT false,
  active boolean NOT NULL DEFAULT true,
  create_date timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC')
);

CREATE TABLE res_users (
  id serial PRIMARY KEY,
  login varchar NOT NULL,
  name varchar NOT NULL,
  password varchar NOT NULL,
  partner_id integer NOT NULL REFERENCES res_partner (id),
  role varchar NOT NULL CHECK (role IN ('manager', 'salesperson')),
  lang varchar NOT NULL DEFAULT 'en_US',
  tz varchar NOT NULL DEFAULT 'Europe/Brussels',
  active boolean NOT NULL DEFAULT true,
  CONSTRAINT res_users_login_key UNIQUE (login)
);

CREATE TABLE product_product (
  id serial PRIMARY KEY,
  name varchar NOT NULL CHECK (btrim(name) <> ''),
  default_code varchar,
  list_price numeric(12, 2) NOT NULL DEFAULT 0,
  active boolean NOT NULL DEFAULT true,
  CONSTRAINT product_product_default_code_uniq UNIQUE (default_code),
  CONSTRAINT product_product_list_price_positive CHECK (list_price >= 0)
);

CREATE TABLE sale_order (
  id serial PRIMARY KEY,
  name varchar NOT NULL,
  partner_id integer NOT NULL REFERENCES res_partner (id),
  user_id integer REFERENCES res_users (id) ON DELETE SET NULL,
  date_order timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC'),
  state varchar NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'sent', 'sale', 'cancel')),
  amount_untaxed numeric(14, 2) NOT NULL DEFAULT 0,
  amount_tax numeric(14, 2) NOT NULL DEFAULT 0,
  amount_total numeric(14, 2) NOT NULL DEFAULT 0,
  note text,
  CONSTRAINT sale_order_name_uniq UNIQUE (name)
);
CREATE INDEX sale_order_date_order_idx ON sale_order (date_order);
CREATE INDEX sale_order_user_id_idx ON sale_order (user_id);
CREATE INDEX sale_order_partner_id_idx ON sale_order (partner_id);

CREATE TABLE sale_order_line (
  id serial PRIMARY KEY,
  order_id integer NOT NULL REFERENCES sale_order (id) ON DELETE CASCADE,
  product_id integer NOT NULL REFERENCES product_product (id),
  name text NOT NULL,
  product_uom_qty numeric(12, 3) NOT NULL DEFAULT 1,
  price_unit numeric(12, 2) NOT NULL DEFAULT 0,
  price_subtotal numeric(14, 2) NOT NULL DEFAULT 0,
  CONSTRAINT sale_order_line_qty_positive CHECK (product_uom_qty > 0),
  CONSTRAINT sale_order_line_price_positive CHECK (price_unit >= 0)
);
CREATE INDEX sale_order_line_order_id_idx ON sale_order_line (order_id);

-- Order references S00001, S00002, … (ir.sequence in Odoo).
CREATE SEQUENCE sale_order_seq START 1;
