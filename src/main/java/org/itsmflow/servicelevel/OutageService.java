package org.itsmflow.servicelevel;

import org.itsmflow.platform.Jdbc;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Outage records: when a record (an incident) says a CI is down, every service that depends on it is recorded as
 * unavailable from then until the record ends the outage. Availability per service is computed from these rows in
 * the service's calendar (R-6.3a).
 */
@Service
public class OutageService {

    /** An outage of one service caused by one record. */
    public record Outage(long id, String serviceId, String recordId, String ciId, Instant startedAt, Instant endedAt,
            String kind) {
    }

    private final JdbcClient jdbc;

    OutageService(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Opens an unplanned outage per service, unless the record already has an open one for that service. */
    @Transactional
    public void start(String recordId, String ciId, Collection<String> serviceIds, Instant at) {
        for (String serviceId : serviceIds) {
            Integer open = jdbc.sql("select count(*) from service_outage where record_id = ? and service_id = ? "
                    + "and ended_at is null").params(recordId, serviceId).query(Integer.class).single();
            if (open == 0) {
                jdbc.sql("insert into service_outage (service_id, record_id, ci_id, started_at, kind) "
                        + "values (?, ?, ?, ?, 'UNPLANNED')")
                        .params(serviceId, recordId, ciId, Jdbc.utc(at)).update();
            }
        }
    }

    /** Ends every open outage of the record. */
    @Transactional
    public void end(String recordId, Instant at) {
        jdbc.sql("update service_outage set ended_at = ? where record_id = ? and ended_at is null")
                .params(Jdbc.utc(at), recordId).update();
    }

    @Transactional(readOnly = true)
    public List<Outage> ofRecord(String recordId) {
        return jdbc.sql("select * from service_outage where record_id = ? order by id").param(recordId)
                .query((rs, n) -> new Outage(rs.getLong("id"), rs.getString("service_id"), rs.getString("record_id"),
                        rs.getString("ci_id"), Jdbc.instant(rs, "started_at"), Jdbc.instant(rs, "ended_at"),
                        rs.getString("kind")))
                .list();
    }

    /**
     * Outages of a service that overlap [from, to) (started before {@code to}, not ended by {@code from}), oldest
     * first: availability (R-6.3a) and the service reports.
     */
    @Transactional(readOnly = true)
    public List<Outage> overlapping(String serviceId, Instant from, Instant to) {
        return jdbc.sql("select * from service_outage where service_id = ? and started_at < ? "
                + "and (ended_at is null or ended_at > ?) order by started_at, id")
                .params(serviceId, Jdbc.utc(to), Jdbc.utc(from)).query(OutageService::outage).list();
    }

    /** Unplanned outages of every service that ended in [from, to), oldest first (each is investigated, R-6.3a). */
    @Transactional(readOnly = true)
    public List<Outage> unplannedEndedBetween(Instant from, Instant to) {
        return jdbc.sql("select * from service_outage where kind = 'UNPLANNED' and ended_at >= ? and ended_at < ? "
                + "order by ended_at, id").params(Jdbc.utc(from), Jdbc.utc(to)).query(OutageService::outage).list();
    }

    @Transactional(readOnly = true)
    public java.util.Optional<Outage> find(long id) {
        return jdbc.sql("select * from service_outage where id = ?").param(id).query(OutageService::outage).optional();
    }

    private static Outage outage(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Outage(rs.getLong("id"), rs.getString("service_id"), rs.getString("record_id"),
                rs.getString("ci_id"), Jdbc.instant(rs, "started_at"), Jdbc.instant(rs, "ended_at"),
                rs.getString("kind"));
    }
}
