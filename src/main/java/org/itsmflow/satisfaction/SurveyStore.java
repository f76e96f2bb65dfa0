package org.itsmflow.satisfaction;

import static org.itsmflow.platform.Jdbc.instant;
import static org.itsmflow.platform.Jdbc.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.itsmflow.platform.RecordNumbers;
import org.springframework.jdbc.core.simple.JdbcClient;

import org.springframework.stereotype.Repository;

/** The satisfaction survey table. */
@Repository
class SurveyStore {

    private final JdbcClient jdbc;
    private final RecordNumbers.Sequence numbers;

    SurveyStore(JdbcClient jdbc, RecordNumbers recordNumbers) {
        this.jdbc = jdbc;
        this.numbers = recordNumbers.sequence("satisfaction_survey_seq", "SAT");
    }

    String nextId() {
        return numbers.next();
    }

    void insert(String id, String incidentId, String subject, String serviceId, String customerId, String respondent, Instant at,
            Instant expiresAt) {
        jdbc.sql("""
                insert into satisfaction_survey (id, incident_id, subject, service_id, customer_id, respondent, invited_at,
                    expires_at) values (?, ?, ?, ?, ?, ?, ?, ?)
                """).params(id, incidentId, subject, serviceId, customerId, respondent, utc(at), utc(expiresAt)).update();
    }

    /** Replaces the survey's token: only the newest link sent works. */
    void setTokenHash(String id, String tokenHash) {
        jdbc.sql("update satisfaction_survey set token_hash = ? where id = ?").params(tokenHash, id).update();
    }

    /** Records the answer once: false when it had been answered already (a concurrent reuse of the token). */
    boolean answer(String id, int score, String comment, Instant at) {
        return jdbc.sql("""
                update satisfaction_survey set score = ?, answer_comment = ?, answered_at = ?
                where id = ? and answered_at is null
                """).params(score, comment, utc(at), id).update() == 1;
    }

    void setFollowUpInstance(String id, String processInstanceId) {
        jdbc.sql("update satisfaction_survey set follow_up_instance = ? where id = ?").params(processInstanceId, id)
                .update();
    }

    void followedUp(String id, String outcome, String note, String by, Instant at) {
        jdbc.sql("""
                update satisfaction_survey set follow_up_outcome = ?, follow_up_note = ?, followed_up_by = ?,
                    followed_up_at = ? where id = ?
                """).params(outcome, note, by, utc(at), id).update();
    }

    Optional<Survey> find(String id) {
        return jdbc.sql("select * from satisfaction_survey where id = ?").param(id).query(SurveyStore::map).optional();
    }

    Optional<Survey> findByIncident(String incidentId) {
        return jdbc.sql("select * from satisfaction_survey where incident_id = ?").param(incidentId)
                .query(SurveyStore::map).optional();
    }

    Optional<Survey> findByTokenHash(String tokenHash) {
        return jdbc.sql("select * from satisfaction_survey where token_hash = ?").param(tokenHash)
                .query(SurveyStore::map).optional();
    }

    /** Answered surveys, optionally of one service and/or customer, newest first. */
    List<Survey> answered(String serviceId, String customerId) {
        return jdbc.sql("""
                select * from satisfaction_survey where answered_at is not null
                and (cast(? as varchar(40)) is null or service_id = ?)
                and (cast(? as varchar(40)) is null or customer_id = ?)
                order by answered_at desc, id desc
                """).params(serviceId, serviceId, customerId, customerId).query(SurveyStore::map).list();
    }

    /** Answers per service and customer in [from, to) (answer time), ordered by service and customer. */
    List<SatisfactionSummary> summary(Instant from, Instant to, int lowScore) {
        return jdbc.sql("""
                select service_id, customer_id, count(*) as answers, avg(cast(score as decimal(5, 2))) as average,
                    sum(case when score <= ? then 1 else 0 end) as low
                from satisfaction_survey where answered_at is not null and answered_at >= ? and answered_at < ?
                group by service_id, customer_id order by service_id, customer_id
                """).params(lowScore, utc(from), utc(to)).query((rs, n) -> new SatisfactionSummary(
                        rs.getString("service_id"), rs.getString("customer_id"), rs.getInt("answers"),
                        rs.getBigDecimal("average").setScale(2, java.math.RoundingMode.HALF_UP), rs.getInt("low")))
                .list();
    }

    private static Survey map(ResultSet rs, int row) throws SQLException {
        Integer score = rs.getObject("score") == null ? null : rs.getInt("score");
        return new Survey(rs.getString("id"), rs.getString("incident_id"), rs.getString("subject"),
                rs.getString("service_id"),
                rs.getString("customer_id"), rs.getString("respondent"), instant(rs, "invited_at"),
                instant(rs, "expires_at"), instant(rs, "answered_at"), score, rs.getString("answer_comment"),
                rs.getString("follow_up_instance"), rs.getString("follow_up_outcome"), rs.getString("follow_up_note"),
                rs.getString("followed_up_by"), instant(rs, "followed_up_at"));
    }
}
