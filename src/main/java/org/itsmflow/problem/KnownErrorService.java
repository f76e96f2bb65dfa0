package org.itsmflow.problem;

import static org.itsmflow.platform.Jdbc.instant;
import static org.itsmflow.platform.Jdbc.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import java.time.Instant;

import org.itsmflow.platform.NotFoundException;
import org.itsmflow.platform.RecordNumbers;
import org.springframework.jdbc.core.simple.JdbcClient;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The known-error database, searchable by staff and shown in incident tasks (R-8.3f, R-8.2d). Problem management
 * will record known errors here as soon as a root cause is known.
 */
@Service
public class KnownErrorService {

    private final JdbcClient jdbc;
    private final RecordNumbers.Sequence numbers;

    KnownErrorService(JdbcClient jdbc, RecordNumbers recordNumbers) {
        this.jdbc = jdbc;
        this.numbers = recordNumbers.sequence("known_error_number_seq", "KE");
    }

    /**
     * Records the known error of a problem whose cause is now known (R-8.3f), or updates it when the problem already
     * has one (a reopened problem's new diagnosis). Returns its id. Matched to incidents at once.
     */
    @Transactional
    public String record(String problemId, String existingId, String title, String symptoms, String rootCause,
            String workaround, String ciId, String serviceId, String category, Instant at) {
        if (existingId != null) {
            jdbc.sql("""
                    update known_error set title = ?, symptoms = ?, root_cause = ?, workaround = ?, status = 'OPEN',
                        updated_at = ? where id = ?
                    """).params(title, symptoms, rootCause, workaround, utc(at), existingId).update();
            return existingId;
        }
        String id = numbers.next();
        jdbc.sql("""
                insert into known_error (id, title, symptoms, root_cause, workaround, ci_id, service_id, category,
                    status, problem_id, created_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', ?, ?, ?)
                """).params(id, title, symptoms, rootCause, workaround, ciId, serviceId, category, problemId, utc(at),
                        utc(at)).update();
        return id;
    }

    /** The permanent fix is implemented: the known error no longer matches incidents (R-8.3e). */
    @Transactional
    public void markFixed(String id, Instant at) {
        jdbc.sql("update known_error set status = 'FIXED', updated_at = ? where id = ?").params(utc(at), id).update();
    }

    /**
     * Known errors still in use that match an incident: recorded on its CI, or on its service for its category (or
     * for any category). Those on the CI come first.
     */
    @Transactional(readOnly = true)
    public List<KnownError> matching(String ciId, String serviceId, String category) {
        return jdbc.sql("""
                select * from known_error
                where status = 'OPEN'
                  and (ci_id = :ci or (service_id = :service and (category is null or category = :category)))
                order by case when ci_id = :ci then 0 else 1 end, updated_at desc, id
                """)
                .param("ci", ciId == null ? "" : ciId).param("service", serviceId == null ? "" : serviceId)
                .param("category", category == null ? "" : category)
                .query(KnownErrorService::knownError).list();
    }

    @Transactional(readOnly = true)
    public Optional<KnownError> find(String id) {
        return jdbc.sql("select * from known_error where id = ?").param(id).query(KnownErrorService::knownError)
                .optional();
    }

    public KnownError require(String id) {
        return find(id).orElseThrow(() -> new NotFoundException("Known error", id));
    }

    static KnownError knownError(ResultSet rs, int row) throws SQLException {
        return new KnownError(rs.getString("id"), rs.getString("title"), rs.getString("symptoms"),
                rs.getString("root_cause"), rs.getString("workaround"), rs.getString("ci_id"),
                rs.getString("service_id"), rs.getString("category"), rs.getString("status"),
                rs.getString("problem_id"), instant(rs, "created_at"), instant(rs, "updated_at"));
    }

}
