package org.itsmflow.review;

import static org.itsmflow.platform.Jdbc.instant;
import static org.itsmflow.platform.Jdbc.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

import org.itsmflow.platform.RecordNumbers;
import org.springframework.jdbc.core.simple.JdbcClient;

import org.springframework.stereotype.Repository;

/** The service review table. */
@Repository
class ServiceReviewStore {

    private final JdbcClient jdbc;
    private final RecordNumbers.Sequence numbers;

    ServiceReviewStore(JdbcClient jdbc, RecordNumbers recordNumbers) {
        this.jdbc = jdbc;
        this.numbers = recordNumbers.sequence("service_review_seq", "SR");
    }

    String nextId() {
        return numbers.next();
    }

    void insert(String id, String customerId, String serviceId, Instant from, Instant to, Instant at) {
        jdbc.sql("""
                insert into service_review (id, customer_id, service_id, period_from, period_to, status, created_at)
                values (?, ?, ?, ?, ?, ?, ?)
                """).params(id, customerId, serviceId, utc(from), utc(to), ServiceReviewStatus.PLANNED.name(), utc(at))
                .update();
    }

    void setProcessInstance(String id, String processInstanceId) {
        jdbc.sql("update service_review set process_instance = ? where id = ?").params(processInstanceId, id).update();
    }

    void setFigures(String id, int incidents, int clocks, int breaches, String slaFigures, String complaints) {
        jdbc.sql("""
                update service_review set incident_count = ?, clock_count = ?, breach_count = ?, sla_figures = ?,
                    complaint_figures = ? where id = ?
                """).params(incidents, clocks, breaches, slaFigures, complaints, id).update();
    }

    void setMeeting(String id, Instant meetingAt) {
        jdbc.sql("update service_review set meeting_at = ?, status = ? where id = ?")
                .params(utc(meetingAt), ServiceReviewStatus.SCHEDULED.name(), id).update();
    }

    void setMinutes(String id, String minutes, String agreedChanges, String by, Instant at) {
        jdbc.sql("""
                update service_review set minutes = ?, agreed_changes = ?, minutes_by = ?, held_at = ?, status = ?
                where id = ?
                """).params(minutes, agreedChanges, by, utc(at), ServiceReviewStatus.HELD.name(), id).update();
    }

    void setChange(String id, String changeId) {
        jdbc.sql("update service_review set change_id = ? where id = ?").params(changeId, id).update();
    }

    Optional<ServiceReview> find(String id) {
        return jdbc.sql("select * from service_review where id = ?").param(id).query(ServiceReviewStore::map)
                .optional();
    }

    private static ServiceReview map(ResultSet rs, int row) throws SQLException {
        return new ServiceReview(rs.getString("id"), rs.getString("customer_id"), rs.getString("service_id"),
                instant(rs, "period_from"), instant(rs, "period_to"), ServiceReviewStatus.valueOf(rs.getString("status")),
                rs.getString("process_instance"), integer(rs, "incident_count"), integer(rs, "clock_count"),
                integer(rs, "breach_count"), rs.getString("sla_figures"), rs.getString("complaint_figures"),
                instant(rs, "meeting_at"), rs.getString("minutes"), rs.getString("agreed_changes"),
                rs.getString("minutes_by"), rs.getString("change_id"), instant(rs, "created_at"), instant(rs, "held_at"));
    }

    private static Integer integer(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column) == null ? null : rs.getInt(column);
    }
}
