package dev.pgflink.lake;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one control (DDL) record did to a table's columns, worked out from the table definitions
 * around it ({@code __control.table-def}, IncludeControlDetails). Without a definition only
 * {@code drop-table} has an effect: which column an ALTER touched is not in the record.
 *
 * @param order where the record falls among the table's changes ({@link ChangeOrder})
 * @param added columns that are new; existing rows get a value the change log does not hold
 * @param dropped columns that are gone
 * @param renamed old name → new name
 * @param dropsTable every row is gone
 * @param columnsAfter the table's columns after the record, when its definition says so; else null
 */
record DdlChange(ChangeOrder order, String operation, Set<String> added, Set<String> dropped,
        Map<String, String> renamed, boolean dropsTable, List<String> columnsAfter) {
}
