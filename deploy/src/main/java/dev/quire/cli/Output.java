package dev.quire.cli;

import java.io.PrintWriter;
import java.util.Map;

import dev.quire.transfer.Digest;
import dev.quire.transfer.Summary;

/** How commands print what they found: one line per table and per content type, with rows and checksum. */
final class Output {

    private Output() {
    }

    static void summary(PrintWriter out, Summary summary) {
        out.printf("%-18s %10s  %s%n", "table", "rows", "sha256");
        rows(out, summary.tables());
        if (!summary.contentTypes().isEmpty()) {
            out.printf("%-18s %10s  %s%n", "entries of type", "rows", "sha256");
            rows(out, summary.contentTypes());
        }
        out.printf("%-18s %10d%n", "total", summary.rows());
        out.flush();
    }

    private static void rows(PrintWriter out, Map<String, Digest.Value> values) {
        values.forEach((name, value) -> out.printf("  %-16s %10d  %s%n", name, value.rows(), value.sha256()));
    }
}
