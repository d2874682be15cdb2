package dev.quire.cli;

import dev.quire.transfer.Progress;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress bars on standard error, with counts, rate and ETA; none with {@code --quiet}. */
final class ConsoleProgress implements Progress {

    private final boolean quiet;

    ConsoleProgress(boolean quiet) {
        this.quiet = quiet;
    }

    @Override
    public Task start(String task, long totalRows) {
        if (quiet || totalRows == 0) {
            return Progress.NONE.start(task, totalRows);
        }
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(totalRows)
                .setUnit(" rows", 1)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .showSpeed()
                .build();
        return new Task() {

            private String table = "";

            @Override
            public void advance(String table, long rows) {
                bar.stepBy(rows);
                if (!table.equals(this.table)) {
                    this.table = table;
                    bar.setExtraMessage(" " + table);
                }
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }
}
