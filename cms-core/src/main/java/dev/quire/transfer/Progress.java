package dev.quire.transfer;

/** Where long work reports how far it has come: one task at a time, with a known total of rows. */
public interface Progress {

    Progress NONE = (task, total) -> new Task() {

        @Override
        public void advance(String table, long rows) {
        }

        @Override
        public void close() {
        }
    };

    Task start(String task, long totalRows);

    interface Task extends AutoCloseable {

        /** {@code rows} more rows are done; they belong to {@code table}. */
        void advance(String table, long rows);

        @Override
        void close();
    }
}
