-- The views of one source table over a path's change log: the changes with typed columns, and the
-- current state (the latest change per primary key, in DMS order, unless it is a delete).
-- TableViews fills the placeholders in double braces: the views' names as each engine names them
-- (DuckDB "schema"."table_changes", Athena "database"."schema__table_changes"), the source of the
-- table's change lines (DuckDB: read_json over the files; Athena: the table's Glue table), every
-- column read as text and cast to the type DMS's mapping gives it. Written in the SQL that DuckDB
-- and Trino (Athena) share: row_number() in a subquery, not QUALIFY; substr, not string slicing.
-- Ordering (docs/lake.md): load records first, then the commit LSN (the first 17 characters of
-- __stream_position, fixed-width hex) and __transaction_record_id, then __timestamp.
CREATE OR REPLACE VIEW {{changes_view}} AS
SELECT
{{typed_columns}},
  __op,
  __timestamp,
  __commit_timestamp,
  TRY_CAST(__transaction_id AS BIGINT) AS __transaction_id,
  TRY_CAST(__transaction_record_id AS BIGINT) AS __transaction_record_id,
  __stream_position
FROM {{source}}
WHERE __schema = {{schema_literal}} AND __table = {{table_literal}}
  AND __op IN ('insert', 'update', 'delete', 'load');

CREATE OR REPLACE VIEW {{current_view}} AS
SELECT {{column_names}}
FROM (
  SELECT c.*, row_number() OVER (
      PARTITION BY {{key_columns}}
      ORDER BY CASE WHEN __op = 'load' THEN 0 ELSE 1 END DESC,
               substr(__stream_position, 1, 17) DESC NULLS LAST,
               __transaction_record_id DESC NULLS LAST,
               __timestamp DESC) AS change_rank
  FROM {{changes_view}} c
) latest
WHERE change_rank = 1 AND __op <> 'delete';
