package dev.quire.storage.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.quire.storage.spi.JobStore;

final class JdbcJobStore implements JobStore {

    private static final String COLUMNS = "id, job, scheduled_at, trigger, instance, status, attempt, started_at,"
            + " lease_until, finished_at, summary, error";

    private final Sql sql;

    JdbcJobStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public Optional<JobRun> start(String job, Instant tick, String trigger, String instance, Instant now,
            Instant leaseUntil) {
        int inserted = sql.update("INSERT INTO job_run (job, scheduled_at, trigger, instance, status, attempt,"
                + " started_at, lease_until) VALUES (?, ?, ?, ?, 'running', 1, ?, ?) ON CONFLICT (job, scheduled_at)"
                + " DO NOTHING", sql::unexpected, job, tick, trigger, instance, now, leaseUntil);
        if (inserted == 0) {
            return Optional.empty();
        }
        return sql.queryOne("SELECT " + COLUMNS + " FROM job_run WHERE job = ? AND scheduled_at = ?", this::map, job,
                tick);
    }

    @Override
    public boolean renew(long runId, String instance, Instant leaseUntil) {
        return sql.update("UPDATE job_run SET lease_until = ? WHERE id = ? AND instance = ? AND status = 'running'",
                sql::unexpected, leaseUntil, runId, instance) > 0;
    }

    @Override
    public boolean finish(long runId, String instance, String status, Instant finishedAt, String summary,
            String error) {
        return sql.update("UPDATE job_run SET status = ?, finished_at = ?, summary = ?, error = ? WHERE id = ?"
                + " AND instance = ? AND status = 'running'", sql::unexpected, status, finishedAt, summary, error,
                runId,
                instance) > 0;
    }

    @Override
    public List<JobRun> expired(Instant now, int limit) {
        return sql.query("SELECT " + COLUMNS + " FROM job_run WHERE status = 'running' AND lease_until < ?"
                + " ORDER BY lease_until LIMIT ?", this::map, now, limit);
    }

    @Override
    public Optional<JobRun> takeOver(long runId, String instance, Instant now, Instant leaseUntil) {
        int updated = sql.update("UPDATE job_run SET instance = ?, attempt = attempt + 1, lease_until = ?"
                + " WHERE id = ? AND status = 'running' AND lease_until < ?", sql::unexpected, instance, leaseUntil,
                runId, now);
        return updated == 0 ? Optional.empty() : find(runId);
    }

    @Override
    public List<JobRun> runs(String job, int offset, int limit) {
        return sql.query("SELECT " + COLUMNS + " FROM job_run WHERE job = ? ORDER BY scheduled_at DESC LIMIT ?"
                + " OFFSET ?", this::map, job, limit, offset);
    }

    @Override
    public long countRuns(String job) {
        return sql.queryLong("SELECT count(*) FROM job_run WHERE job = ?", job);
    }

    @Override
    public Optional<JobRun> find(long runId) {
        return sql.queryOne("SELECT " + COLUMNS + " FROM job_run WHERE id = ?", this::map, runId);
    }

    @Override
    public int deleteFinishedBefore(Instant before, int limit) {
        return sql.update("DELETE FROM job_run WHERE id IN (SELECT id FROM job_run WHERE status <> 'running'"
                + " AND finished_at < ? ORDER BY finished_at LIMIT ?)", sql::unexpected, before, limit);
    }

    private JobRun map(ResultSet rs) throws SQLException {
        return new JobRun(rs.getLong("id"), rs.getString("job"), sql.dialect.getInstant(rs, "scheduled_at"),
                rs.getString("trigger"), rs.getString("instance"), rs.getString("status"), rs.getInt("attempt"),
                sql.dialect.getInstant(rs, "started_at"), sql.dialect.getInstant(rs, "lease_until"),
                sql.dialect.getInstant(rs, "finished_at"), rs.getString("summary"), rs.getString("error"));
    }
}
