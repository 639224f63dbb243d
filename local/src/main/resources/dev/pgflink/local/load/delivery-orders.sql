-- The sample schema of the original pipeline: one delivery.orders table (schema name: %1$s).
CREATE SCHEMA IF NOT EXISTS %1$s;
CREATE TABLE IF NOT EXISTS %1$s.orders (
    id serial PRIMARY KEY,
    order_number varchar(50) NOT NULL UNIQUE,
    customer_name varchar(100) NOT NULL,
    status varchar(20) DEFAULT 'Pending',
    total_amount numeric(10,2) NOT NULL,
    payment_status varchar(20) DEFAULT 'Pending',
    delivery_address text,
    delivery_notes text,
    created_at timestamp DEFAULT now(),
    updated_at timestamp DEFAULT now(),
    estimated_delivery_time timestamp,
    driver_id int4,
    restaurant_id int4
);
