package org.itsmflow.platform;

import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The audit log of our API: who wrote what, when, and with which answer. Append-only — this class has no update or
 * delete, and on PostgreSQL a trigger refuses both (changelog {@code api-audit.xml}).
 */
@Component
public class ApiAuditLog {

    /** At most this many entries per read. */
    static final int MAX_ROWS = 1000;

    /** One write request and its answer. */
    public record Entry(Long id, Instant at, String user, String method, String path, int status, String location,
            String recordId, String idempotencyKey, String requestSummary) {
    }

    private final JdbcClient jdbc;

    ApiAuditLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void append(Entry entry) {
        jdbc.sql("""
                insert into api_audit_log (at, user_id, method, path, status, location, record_id, idempotency_key,
                                           request_summary)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(Jdbc.utc(entry.at()), cut(entry.user(), 64), cut(entry.method(), 10), cut(entry.path(), 500),
                        entry.status(), cut(entry.location(), 500), cut(entry.recordId(), 64),
                        cut(entry.idempotencyKey(), 200), cut(entry.requestSummary(), 1000))
                .update();
    }

    /** Entries in [from, to), optionally of one user, newest first. */
    public List<Entry> find(Instant from, Instant to, String user, int limit) {
        int rows = Math.max(1, Math.min(limit, MAX_ROWS));
        String sql = "select * from api_audit_log where at >= ? and at < ?" + (user == null ? "" : " and user_id = ?")
                + " order by at desc, id desc fetch first " + rows + " rows only";
        List<Object> params = new java.util.ArrayList<>(List.of(Jdbc.utc(from), Jdbc.utc(to)));
        if (user != null) {
            params.add(user);
        }
        return jdbc.sql(sql).params(params)
                .query((rs, n) -> new Entry(rs.getLong("id"), Jdbc.instant(rs, "at"), rs.getString("user_id"),
                        rs.getString("method"), rs.getString("path"), rs.getInt("status"), rs.getString("location"),
                        rs.getString("record_id"), rs.getString("idempotency_key"), rs.getString("request_summary")))
                .list();
    }

    /** Cuts to the column's length and drops what PostgreSQL text cannot hold (NUL, lone surrogates). */
    static String cut(String value, int max) {
        if (value == null) {
            return null;
        }
        String clean = Sanitizer.printable(value);
        return clean.length() <= max ? clean : clean.substring(0, max);
    }

    /** Keeps printable text: no control characters, no unpaired surrogates; a cut never splits a pair. */
    static final class Sanitizer {
        private Sanitizer() {
        }

        static String printable(String value) {
            StringBuilder out = new StringBuilder(value.length());
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (Character.isHighSurrogate(c)) {
                    if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                        out.append(c).append(value.charAt(++i));
                    }
                } else if (Character.isLowSurrogate(c)) {
                    // unpaired: dropped
                } else if (c < 0x20 || c == 0x7f) {
                    out.append(' ');
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
    }
}
