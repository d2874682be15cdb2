package dev.quire.transfer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a database or an archive holds: row count and checksum per table, and for entries per content type.
 *
 * @param tables
 *            by table name, in {@link dev.quire.storage.spi.ArchiveTable#ALL}'s order
 * @param contentTypes
 *            the entries of each content type, by its uid
 */
public record Summary(Map<String, Digest.Value> tables, Map<String, Digest.Value> contentTypes) {

    public long rows() {
        return tables.values().stream().mapToLong(Digest.Value::rows).sum();
    }

    /** Where this summary and {@code other} differ, one line per table or content type; empty when they are equal. */
    public List<String> differences(Summary other) {
        List<String> out = new ArrayList<>();
        compare("table", tables, other.tables, out);
        compare("content type", contentTypes, other.contentTypes, out);
        return out;
    }

    private static void compare(String what, Map<String, Digest.Value> mine, Map<String, Digest.Value> theirs,
            List<String> out) {
        Map<String, Digest.Value> all = new LinkedHashMap<>(mine);
        theirs.forEach(all::putIfAbsent);
        for (String name : all.keySet()) {
            Digest.Value a = mine.get(name);
            Digest.Value b = theirs.get(name);
            if (!Objects.equals(a, b)) {
                out.add(what + " " + name + ": " + describe(a) + " vs " + describe(b));
            }
        }
    }

    private static String describe(Digest.Value value) {
        return value == null ? "absent" : value.rows() + " rows, sha256 " + value.sha256().substring(0, 12) + "…";
    }

    /** Collects digests while rows go by. */
    static final class Builder {

        private final Map<String, Digest> tables = new LinkedHashMap<>();
        private final Map<Long, String> typeUids = new LinkedHashMap<>();
        private final Map<String, Digest> contentTypes = new LinkedHashMap<>();

        void table(String name) {
            tables.put(name, new Digest());
        }

        void add(dev.quire.storage.spi.ArchiveTable table, Object[] row) {
            byte[] canonical = Rows.canonical(table, row);
            tables.computeIfAbsent(table.name(), n -> new Digest()).add(canonical);
            if (table == dev.quire.storage.spi.ArchiveTable.CONTENT_TYPE) {
                typeUids.put((Long) row[0], (String) row[1]);
                contentTypes.put((String) row[1], new Digest());
            } else if (table == dev.quire.storage.spi.ArchiveTable.ENTRY) {
                String uid = typeUids.get((Long) row[1]);
                contentTypes.computeIfAbsent(uid == null ? "#" + row[1] : uid, n -> new Digest()).add(canonical);
            }
        }

        Summary build() {
            Map<String, Digest.Value> t = new LinkedHashMap<>();
            tables.forEach((name, digest) -> t.put(name, digest.value()));
            Map<String, Digest.Value> c = new LinkedHashMap<>();
            contentTypes.forEach((name, digest) -> c.put(name, digest.value()));
            return new Summary(t, c);
        }
    }
}
