package org.itsmflow.platform;

import java.time.Instant;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The register behind the {@code Idempotency-Key} header: the first request with a key (per user) claims it by
 * inserting a row — the primary key (user, key) lets exactly one of two concurrent duplicates win — and stores its
 * answer when it succeeded; a failed first request releases the key so that it can be retried.
 */
@Component
class IdempotencyKeys {

    /** A stored request and, once answered, its answer. */
    record Stored(String requestHash, Integer status, String location, String contentType, String body) {
        boolean answered() {
            return status != null;
        }
    }

    private final JdbcClient jdbc;

    IdempotencyKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Claims the key; empty if claimed now, otherwise what the earlier request with this key left. */
    Optional<Stored> claim(String user, String key, String method, String path, String hash) {
        try {
            jdbc.sql("""
                    insert into api_idempotency_key (user_id, idem_key, method, path, request_hash, created_at)
                    values (?, ?, ?, ?, ?, ?)""")
                    .params(user, key, method, ApiAuditLog.cut(path, 500), hash, Jdbc.utc(Instant.now()))
                    .update();
            return Optional.empty();
        } catch (DuplicateKeyException taken) {
            return find(user, key).or(() -> Optional.of(new Stored(hash, null, null, null, null)));
        }
    }

    Optional<Stored> find(String user, String key) {
        return jdbc.sql("""
                select request_hash, response_status, response_location, response_content_type, response_body
                from api_idempotency_key where user_id = ? and idem_key = ?""")
                .params(user, key)
                .query((rs, n) -> new Stored(rs.getString(1), (Integer) rs.getObject(2), rs.getString(3),
                        rs.getString(4), rs.getString(5)))
                .optional();
    }

    void complete(String user, String key, int status, String location, String contentType, String body) {
        jdbc.sql("""
                update api_idempotency_key set response_status = ?, response_location = ?, response_content_type = ?,
                       response_body = ?, completed_at = ?
                where user_id = ? and idem_key = ?""")
                .params(status, ApiAuditLog.cut(location, 500), ApiAuditLog.cut(contentType, 200), body,
                        Jdbc.utc(Instant.now()), user, key)
                .update();
    }

    void release(String user, String key) {
        jdbc.sql("delete from api_idempotency_key where user_id = ? and idem_key = ? and response_status is null")
                .params(user, key).update();
    }
}
