package dev.pgflink.capture.ddl;

import dev.pgflink.capture.ddl.TableShape.ColumnShape;
import dev.pgflink.core.dms.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a DDL command did to a table, in DMS's control operations: the difference between the
 * table's shape before and after it.
 */
final class DdlDiff {
    private DdlDiff() {
    }

    /** @param before the last known shape; null when the table was not known */
    static List<Operation> operations(TableShape before, TableShape after) {
        switch (after.tag()) {
            case "DROP TABLE":
                return List.of(Operation.DROP_TABLE);
            case "CREATE TABLE":
            case "CREATE TABLE AS":
            case "SELECT INTO":
                return List.of(Operation.CREATE_TABLE);
            default:
                break;
        }
        if (before == null) {
            // An ALTER of a table never seen: something changed, but not what.
            return List.of(Operation.CHANGE_COLUMNS);
        }
        List<Operation> operations = new ArrayList<>();
        if (!before.table().equals(after.table()) || !before.schema().equals(after.schema())) {
            operations.add(Operation.RENAME_TABLE);
        }
        List<String> oldNames = names(before);
        List<String> newNames = names(after);
        List<String> removed = oldNames.stream().filter(n -> !newNames.contains(n)).collect(Collectors.toList());
        List<String> added = newNames.stream().filter(n -> !oldNames.contains(n)).collect(Collectors.toList());
        if (removed.size() == 1 && added.size() == 1 && oldNames.indexOf(removed.get(0)) == newNames.indexOf(added.get(0))
                && oldNames.size() == newNames.size()) {
            operations.add(Operation.RENAME_COLUMN);
        } else {
            removed.forEach(n -> operations.add(Operation.DROP_COLUMN));
            added.forEach(n -> operations.add(Operation.ADD_COLUMN));
        }
        Map<String, ColumnShape> oldColumns = byName(before);
        Set<String> kept = after.columns().stream().map(ColumnShape::name).filter(oldColumns::containsKey)
                .collect(Collectors.toSet());
        for (ColumnShape column : after.columns()) {
            if (kept.contains(column.name()) && !oldColumns.get(column.name()).type().equals(column.type())) {
                operations.add(Operation.COLUMN_TYPE_CHANGE);
            }
        }
        return operations;
    }

    private static List<String> names(TableShape shape) {
        return shape.columns().stream().map(ColumnShape::name).collect(Collectors.toList());
    }

    private static Map<String, ColumnShape> byName(TableShape shape) {
        return shape.columns().stream().collect(Collectors.toMap(ColumnShape::name, Function.identity()));
    }
}
