package dev.quire.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.quire.storage.spi.ArchiveTable;

class ArchiveFileTest {

    @TempDir
    Path dir;

    private static final Object[] TYPE = {1L, "article", "articles", "collectionType", "{}", "", 1L,
            Instant.parse("2026-11-21T10:00:00.123Z"), Instant.parse("2026-11-21T10:00:00.123Z")};
    private static final Object[] ENTRY = {5L, 1L, "doc1", "en", "published",
            "{\"title\":\"Hello\",\"rating\":4.50,\"tags\":[\"a\",{\"z\":1,\"a\":2}]}", 2L,
            Instant.parse("2026-11-21T10:00:00Z"), Instant.parse("2026-11-21T10:00:01.5Z"), null};

    @Test
    void theDigestIgnoresRowOrderKeyOrderAndNumberNotationButNotValues() {
        Summary.Builder one = new Summary.Builder();
        one.add(ArchiveTable.CONTENT_TYPE, TYPE);
        one.add(ArchiveTable.ENTRY, ENTRY);
        one.add(ArchiveTable.ENTRY, entry(6L, "{\"title\":\"Other\"}"));
        Summary.Builder two = new Summary.Builder();
        two.add(ArchiveTable.CONTENT_TYPE, TYPE);
        two.add(ArchiveTable.ENTRY, entry(6L, "{ \"title\": \"Other\" }"));
        two.add(ArchiveTable.ENTRY,
                entry(5L, "{\"tags\":[\"a\",{\"a\":2,\"z\":1.0}],\"rating\":4.5,\"title\":\"Hello\"}"));
        assertThat(one.build()).isEqualTo(two.build());
        assertThat(one.build().contentTypes().get("article").rows()).isEqualTo(2);

        Summary.Builder changed = new Summary.Builder();
        changed.add(ArchiveTable.CONTENT_TYPE, TYPE);
        changed.add(ArchiveTable.ENTRY, ENTRY);
        changed.add(ArchiveTable.ENTRY, entry(6L, "{\"title\":\"other\"}"));
        assertThat(one.build().differences(changed.build())).containsExactly(
                "table entry: 2 rows, sha256 " + one.build().tables().get("entry").sha256().substring(0, 12)
                        + "… vs 2 rows, sha256 " + changed.build().tables().get("entry").sha256().substring(0, 12)
                        + "…",
                "content type article: 2 rows, sha256 "
                        + one.build().contentTypes().get("article").sha256().substring(0, 12) + "… vs 2 rows, sha256 "
                        + changed.build().contentTypes().get("article").sha256().substring(0, 12) + "…");
    }

    @Test
    void anArchiveReadsBackRowForRowWithItsJsonLaidOutAsWritten() throws IOException {
        Path file = write();
        List<Object[]> rows = new ArrayList<>();
        Summary read = ArchiveFile.read(file, new Collecting(rows));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsExactly(TYPE);
        assertThat(rows.get(1)).containsExactly(5L, 1L, "doc1", "en", "published",
                "{\"title\":\"Hello\",\"rating\":4.50,\"tags\":[\"a\",{\"z\":1,\"a\":2}]}", 2L,
                Instant.parse("2026-11-21T10:00:00Z"), Instant.parse("2026-11-21T10:00:01.5Z"), null);
        assertThat(read.rows()).isEqualTo(2);
        assertThat(Files.exists(dir.resolve("a.jsonl.gz.partial"))).isFalse();
    }

    @Test
    void damagedIncompleteAndForeignFilesAreRefusedWithTheReason() throws IOException {
        String text = gunzip(write());
        assertThat(refusal(text.replace("\"Hello\"", "\"Hallo\""))).contains("is damaged")
                .contains("table entry: 1 rows");
        assertThat(refusal(text.substring(0, text.indexOf("{\"end\"")))).contains("is incomplete");
        assertThat(refusal(text.replace("\"published\"", "7"))).contains("line 6")
                .contains("entry.status must be text");
        assertThat(refusal(text.replace("\"rows\":1,", "\"rows\":2,"))).contains("has 1 rows; the header says 2");
        assertThat(refusal("{\"hello\":1}\n")).contains("not a quire-archive header");
        assertThat(refusal(text.replace("\"version\":1", "\"version\":9"))).contains("format version 9");
    }

    @Test
    void anExistingTargetIsKeptUnlessOverwriting() throws IOException {
        Path file = write();
        assertThatThrownBy(() -> new ArchiveFile.Out(file, false)).isInstanceOf(TransferFailure.class)
                .hasMessageContaining("already exists");
    }

    private Path write() throws IOException {
        Path file = dir.resolve("a.jsonl.gz");
        Files.deleteIfExists(file);
        try (ArchiveFile.Out out = new ArchiveFile.Out(file, false)) {
            Map<String, Long> counts = new LinkedHashMap<>();
            ArchiveTable.ALL.forEach(t -> counts.put(t.name(), 0L));
            counts.put("content_type", 1L);
            counts.put("entry", 1L);
            out.header("7", "sqlite", counts);
            Summary.Builder summary = new Summary.Builder();
            for (ArchiveTable table : ArchiveTable.ALL) {
                out.table(table);
                summary.table(table.name());
                Object[] row = table == ArchiveTable.CONTENT_TYPE ? TYPE : table == ArchiveTable.ENTRY ? ENTRY : null;
                if (row != null) {
                    out.row(table, row);
                    summary.add(table, row);
                }
            }
            out.trailer(summary.build());
            out.commit();
        }
        return file;
    }

    private String refusal(String text) throws IOException {
        Path file = dir.resolve("bad.jsonl.gz");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        Files.write(file, bytes.toByteArray());
        return org.junit.jupiter.api.Assertions.assertThrows(TransferFailure.class,
                () -> ArchiveFile.read(file, new Collecting(new ArrayList<>()))).getMessage();
    }

    private static String gunzip(Path file) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Object[] entry(long id, String json) {
        Object[] row = (id == 5L ? ENTRY : ENTRY.clone());
        row = row.clone();
        row[0] = id;
        row[5] = json;
        return row;
    }

    private record Collecting(List<Object[]> rows) implements ArchiveFile.Visitor {

        @Override
        public void header(ArchiveFile.Header header) {
        }

        @Override
        public void table(ArchiveTable table, long rows) {
        }

        @Override
        public void row(ArchiveTable table, Object[] row) {
            rows.add(row);
        }
    }
}
