package dev.pgflink.lake;

import dev.pgflink.lake.ChangeLog.ControlLine;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Works out what each of a table's control records did. A record's table definition lists the
 * columns after it; the columns before it are the previous record's definition or, for the
 * first, the columns the table's data records used before it.
 */
final class DdlChanges {
    private DdlChanges() {
    }

    static List<DdlChange> derive(List<ControlLine> controls, Map<String, Long> firstSeen) {
        List<ControlLine> ordered = new ArrayList<>(controls);
        ordered.sort((a, b) -> ChangeOrder.DMS_ORDER.compare(a.order(), b.order()));
        List<DdlChange> changes = new ArrayList<>();
        Set<String> before = null;
        for (ControlLine control : ordered) {
            if (before == null) {
                before = new HashSet<>();
                for (Map.Entry<String, Long> seen : firstSeen.entrySet()) {
                    if (seen.getValue() < control.order().timestampMicros()) {
                        before.add(seen.getKey());
                    }
                }
            }
            List<String> after = control.columnsAfter();
            boolean dropsTable = "drop-table".equals(control.operation());
            if (after == null || dropsTable) {
                changes.add(new DdlChange(control.order(), control.operation(), Set.of(), Set.of(), Map.of(),
                        dropsTable, after));
                continue;
            }
            Set<String> added = new LinkedHashSet<>(after);
            added.removeAll(before);
            Set<String> dropped = new LinkedHashSet<>(before);
            after.forEach(dropped::remove);
            Map<String, String> renamed = new LinkedHashMap<>();
            if ("rename-column".equals(control.operation()) && added.size() == 1 && dropped.size() == 1) {
                renamed.put(dropped.iterator().next(), added.iterator().next());
                added.clear();
                dropped.clear();
            }
            changes.add(new DdlChange(control.order(), control.operation(), added, dropped, renamed, false, after));
            before = new HashSet<>(after);
        }
        return changes;
    }
}
