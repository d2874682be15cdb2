package dev.quire.transfer;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.quire.storage.spi.ArchiveTable;

/**
 * Quire's portable archive: gzip-compressed JSON lines, readable with {@code zcat}. The first line is a header (format,
 * schema version, source kind, every table's columns and row count); then, per table, a line naming it followed by one
 * JSON array per row; the last line is a trailer with each table's and each content type's row count and checksum. A
 * file without its trailer is incomplete and is refused.
 */
final class ArchiveFile {

    static final String FORMAT = "quire-archive";
    static final int VERSION = 1;

    private ArchiveFile() {
    }

    /** The header: what wrote the archive, and how many rows each table has. */
    record Header(int version, String schemaVersion, String source, Instant createdAt, Map<String, Long> rows) {

        long totalRows() {
            return rows.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Writes to a temporary file beside the target; only {@link #commit()} gives it the target's name. */
    static final class Out implements AutoCloseable {

        private final Path target;
        private final Path partial;
        private final Writer writer;
        private boolean committed;

        Out(Path target, boolean overwrite) {
            this.target = target.toAbsolutePath();
            this.partial = this.target.resolveSibling(this.target.getFileName() + ".partial");
            try {
                if (!overwrite && Files.exists(this.target)) {
                    throw new TransferFailure(this.target + " already exists; choose another name or pass --force");
                }
                if (this.target.getParent() != null) {
                    Files.createDirectories(this.target.getParent());
                }
                OutputStream file = Files.newOutputStream(partial, StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
                this.writer = new BufferedWriter(
                        new OutputStreamWriter(new GZIPOutputStream(file, 1 << 16), StandardCharsets.UTF_8), 1 << 16);
            } catch (IOException e) {
                throw new TransferFailure("cannot write " + partial + ": " + e.getMessage(), e);
            }
        }

        void header(String schemaVersion, String source, Map<String, Long> rows) {
            ObjectNode header = Rows.JSON.createObjectNode()
                    .put("format", FORMAT)
                    .put("version", VERSION)
                    .put("schemaVersion", schemaVersion)
                    .put("source", source)
                    .put("createdAt", Instant.now().toString());
            ObjectNode tables = header.putObject("tables");
            for (ArchiveTable table : ArchiveTable.ALL) {
                ObjectNode t = tables.putObject(table.name());
                t.put("rows", rows.get(table.name()));
                table.columnNames().forEach(t.putArray("columns")::add);
            }
            line(header);
        }

        void table(ArchiveTable table) {
            line(Rows.JSON.createObjectNode().put("table", table.name()));
        }

        void row(ArchiveTable table, Object[] row) {
            line(Rows.toArchive(table, row));
        }

        void trailer(Summary summary) {
            ObjectNode trailer = Rows.JSON.createObjectNode().put("end", true);
            trailer.set("tables", Rows.JSON.valueToTree(summary.tables()));
            trailer.set("contentTypes", Rows.JSON.valueToTree(summary.contentTypes()));
            line(trailer);
        }

        private void line(JsonNode node) {
            try {
                writer.write(Rows.write(node));
                writer.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Flushes, syncs and renames the file to its target name, then syncs the folder. */
        void commit() throws IOException {
            writer.close();
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel folder = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
                folder.force(true);
            }
            committed = true;
        }

        @Override
        public void close() {
            if (!committed) {
                try {
                    writer.close();
                } catch (IOException ignored) {
                    // the partial file is deleted next, whatever state its stream is in
                }
                try {
                    Files.deleteIfExists(partial);
                } catch (IOException ignored) {
                    // a leftover .partial never has the archive's name
                }
            }
        }
    }

    /** What a reader is handed: table sections in order, each with its rows. */
    interface Visitor {

        void header(Header header);

        void table(ArchiveTable table, long rows);

        void row(ArchiveTable table, Object[] row);
    }

    /**
     * Reads the archive at {@code file} from end to end, checking its shape, every value's type, each table's row count
     * and every checksum against the trailer.
     *
     * @return the summary of what was read, equal to the trailer's
     * @throws TransferFailure
     *             when the file is not a complete, intact archive of this format
     */
    static Summary read(Path file, Visitor visitor) {
        int lineNumber = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file), 1 << 16), StandardCharsets.UTF_8), 1 << 16)) {
            lineNumber++;
            Header header = header(in.readLine());
            visitor.header(header);
            Summary.Builder summary = new Summary.Builder();
            Summary trailer = null;
            int tableIndex = 0;
            ArchiveTable current = null;
            long expected = 0;
            long seen = 0;
            String line;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (trailer != null) {
                    throw new IllegalArgumentException("content after the trailer");
                }
                JsonNode node = Rows.parse(line);
                if (node.isArray()) {
                    if (current == null || seen == expected) {
                        throw new IllegalArgumentException("a row outside a table section, or more rows than the"
                                + " header announced");
                    }
                    Object[] row = Rows.fromArchive(current, node);
                    summary.add(current, row);
                    visitor.row(current, row);
                    seen++;
                    continue;
                }
                if (current != null && seen != expected) {
                    throw new IllegalArgumentException("table " + current.name() + " has " + seen + " rows; the header"
                            + " says " + expected);
                }
                if (node.has("table")) {
                    if (tableIndex >= ArchiveTable.ALL.size()
                            || !ArchiveTable.ALL.get(tableIndex).name().equals(node.get("table").asText())) {
                        throw new IllegalArgumentException("unexpected table section " + node.get("table"));
                    }
                    current = ArchiveTable.ALL.get(tableIndex++);
                    summary.table(current.name());
                    expected = header.rows().get(current.name());
                    seen = 0;
                    visitor.table(current, expected);
                } else if (node.path("end").asBoolean(false)) {
                    if (tableIndex != ArchiveTable.ALL.size()) {
                        throw new IllegalArgumentException("the trailer comes before every table was written");
                    }
                    trailer = new Summary(digests(node.path("tables")), digests(node.path("contentTypes")));
                } else {
                    throw new IllegalArgumentException("a line that is neither a row, a table nor the trailer");
                }
            }
            if (trailer == null) {
                throw new TransferFailure(file + " is incomplete: it has no trailer (was its export interrupted?)");
            }
            Summary read = summary.build();
            List<String> differences = read.differences(trailer);
            if (!differences.isEmpty()) {
                throw new TransferFailure(file + " is damaged: its rows do not match its checksums:\n  "
                        + String.join("\n  ", differences));
            }
            return read;
        } catch (NoSuchFileException e) {
            throw new TransferFailure(file + " does not exist");
        } catch (ZipException | java.io.EOFException e) {
            throw new TransferFailure(file + " is not a complete gzip file: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new TransferFailure("cannot read " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new TransferFailure(file + " is not a valid Quire archive (line " + lineNumber + "): "
                    + e.getMessage(), e);
        }
    }

    private static Header header(String line) {
        if (line == null) {
            throw new IllegalArgumentException("the file is empty");
        }
        JsonNode header = Rows.parse(line);
        if (!FORMAT.equals(header.path("format").asText())) {
            throw new IllegalArgumentException("the first line is not a " + FORMAT + " header");
        }
        int version = header.path("version").asInt();
        if (version != VERSION) {
            throw new IllegalArgumentException("format version " + version + " is not supported (this Quire reads "
                    + VERSION + ")");
        }
        Map<String, Long> rows = new LinkedHashMap<>();
        for (ArchiveTable table : ArchiveTable.ALL) {
            JsonNode t = header.path("tables").path(table.name());
            if (t.isMissingNode()) {
                throw new IllegalArgumentException("the header lacks table " + table.name());
            }
            List<String> columns = new java.util.ArrayList<>();
            t.path("columns").forEach(c -> columns.add(c.asText()));
            if (!columns.equals(table.columnNames())) {
                throw new IllegalArgumentException("table " + table.name() + " has columns " + columns + "; this Quire"
                        + " has " + table.columnNames() + " (the archive is from another schema version, "
                        + header.path("schemaVersion").asText() + ")");
            }
            rows.put(table.name(), t.path("rows").asLong());
        }
        return new Header(version, header.path("schemaVersion").asText(), header.path("source").asText(),
                Instant.parse(header.path("createdAt").asText()), rows);
    }

    private static Map<String, Digest.Value> digests(JsonNode node) {
        Map<String, Digest.Value> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(f -> out.put(f.getKey(),
                new Digest.Value(f.getValue().path("rows").asLong(), f.getValue().path("sha256").asText())));
        return out;
    }
}
