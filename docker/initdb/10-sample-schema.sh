#!/bin/sh
# The sample schema and its nine orders, from the same SQL files the local pipeline uses
# (mounted at /sample). The capture runs with --full-load, so they reach the stream as load records.
set -e
sed 's/%1\$s/delivery/g' /sample/delivery-orders.sql | psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d "$POSTGRES_DB"
sed 's/%1\$s/delivery.orders/g' /sample/nine-orders.sql | psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d "$POSTGRES_DB"
