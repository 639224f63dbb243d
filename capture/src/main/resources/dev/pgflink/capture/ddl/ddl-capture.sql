-- Installed by the capture: pgoutput carries no DDL, so an event trigger writes each table DDL
-- into the WAL as a transactional logical message (prefix 'pgflink_ddl'), which the capture turns
-- into DMS control records. The message holds the table's shape after the command.
CREATE SCHEMA IF NOT EXISTS pgflink;

CREATE OR REPLACE FUNCTION pgflink.table_shape(rel oid) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'oid', c.oid,
    'schema', n.nspname,
    'table', c.relname,
    'columns', coalesce((SELECT jsonb_agg(jsonb_build_object(
        'name', a.attname, 'type', format_type(a.atttypid, a.atttypmod), 'type_oid', a.atttypid,
        'typmod', a.atttypmod, 'nullable', NOT a.attnotnull) ORDER BY a.attnum)
      FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '[]'::jsonb),
    'primary_key', coalesce((SELECT jsonb_agg(a.attname ORDER BY a.attnum) FROM pg_index i
      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
      WHERE i.indrelid = c.oid AND i.indisprimary), '[]'::jsonb))
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = rel
$$;

CREATE OR REPLACE FUNCTION pgflink.emit_table_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$
DECLARE
  cmd record;
BEGIN
  -- RENAME COLUMN reports the column ('table column'); objid is still the table.
  FOR cmd IN SELECT * FROM pg_event_trigger_ddl_commands() WHERE object_type IN ('table', 'table column') LOOP
    PERFORM pg_logical_emit_message(true, 'pgflink_ddl',
      (pgflink.table_shape(cmd.objid) || jsonb_build_object('tag', cmd.command_tag))::text);
  END LOOP;
END
$$;

CREATE OR REPLACE FUNCTION pgflink.emit_table_drop() RETURNS event_trigger LANGUAGE plpgsql AS $$
DECLARE
  obj record;
BEGIN
  FOR obj IN SELECT * FROM pg_event_trigger_dropped_objects() WHERE object_type = 'table' AND NOT is_temporary LOOP
    PERFORM pg_logical_emit_message(true, 'pgflink_ddl', jsonb_build_object('tag', 'DROP TABLE',
      'oid', obj.objid, 'schema', obj.schema_name, 'table', obj.object_name)::text);
  END LOOP;
END
$$;

DROP EVENT TRIGGER IF EXISTS pgflink_table_ddl;
CREATE EVENT TRIGGER pgflink_table_ddl ON ddl_command_end
  WHEN TAG IN ('CREATE TABLE', 'ALTER TABLE', 'CREATE TABLE AS', 'SELECT INTO')
  EXECUTE FUNCTION pgflink.emit_table_ddl();

DROP EVENT TRIGGER IF EXISTS pgflink_table_drop;
CREATE EVENT TRIGGER pgflink_table_drop ON sql_drop
  WHEN TAG IN ('DROP TABLE')
  EXECUTE FUNCTION pgflink.emit_table_drop();
