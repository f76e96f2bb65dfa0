package org.itsmflow.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

/**
 * What the two-node check reads from and writes to the shared PostgreSQL: the test service whose SLA makes response
 * timers fall due within a minute, and the figures that say whether anything was lost, duplicated, doubled, failed
 * or stuck. Scoped to the check's own incidents (title prefix), except for failed jobs and engine incidents, which
 * must be none at all.
 */
final class ClusterDatabase {

    static final String SERVICE_ID = "cluster-check";
    static final String SLA_ID = "SLA-CLUSTER-CHECK";

    private final DataSource dataSource;

    ClusterDatabase(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * A service with an SLA whose response target is one minute on the 24x7 clock for every priority (resolution ten
     * hours, so only the response timers fall due during the check). Written after Liquibase created the schema;
     * idempotent. This is test data of the check's own database, not demo data.
     */
    void seedTestService() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("""
                    insert into service (id, name, description, owner_group, calendar_id, status)
                    select 'cluster-check', 'Cluster check', 'Test service of the two-node check', 'serviceowners',
                        '24x7', 'ACTIVE'
                    where not exists (select 1 from service where id = 'cluster-check')""");
            s.execute("""
                    insert into sla (id, service_id, name, valid_from, warning_percent, version)
                    select 'SLA-CLUSTER-CHECK', 'cluster-check', 'Cluster check: response within one minute',
                        date '2000-01-01', 75, 1
                    where not exists (select 1 from sla where id = 'SLA-CLUSTER-CHECK')""");
            for (String priority : List.of("P1", "P2", "P3", "P4")) {
                s.execute("insert into sla_target (sla_id, priority, response_minutes, resolution_minutes, "
                        + "business_hours) select 'SLA-CLUSTER-CHECK', '" + priority + "', 1, 600, false "
                        + "where not exists (select 1 from sla_target where sla_id = 'SLA-CLUSTER-CHECK' "
                        + "and priority = '" + priority + "')");
            }
        }
    }

    /**
     * What two nodes bootstrapping at the same moment could have created twice: Tasklist filters (no unique key) by
     * name, and groups; empty when every one exists once.
     */
    Map<String, Integer> bootstrappedTwice() throws SQLException {
        Map<String, Integer> twice = new HashMap<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     select 'filter ' || name_, count(*) from act_ru_filter group by name_ having count(*) > 1
                     union all
                     select 'group ' || id_, count(*) from act_id_group group by id_ having count(*) > 1""")) {
            while (rs.next()) {
                twice.put(rs.getString(1), rs.getInt(2));
            }
        }
        return twice;
    }

    /** Number of incident rows per title among the titles starting with {@code prefix}. */
    Map<String, Integer> incidentsByTitle(String prefix) throws SQLException {
        Map<String, Integer> counts = new HashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "select title, count(*) from incident where title like ? group by title")) {
            s.setString(1, prefix + "%");
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return counts;
    }

    /** Incidents of the check whose response clock is due by now and not yet escalated exactly once. */
    int pendingEscalations(String prefix) throws SQLException {
        return count("""
                select count(*) from incident i join sla_clock k on k.record_id = i.id and k.kind = 'RESPONSE'
                where i.title like ? and k.due_at <= now() and k.status <> 'STOPPED'
                  and (select count(*) from incident_journal j where j.incident_id = i.id
                       and j.code = 'ESCALATED_RESPONSE') = 0""", prefix + "%");
    }

    /** Incidents of the check whose response clock is not yet due. */
    int notYetDue(String prefix) throws SQLException {
        return count("""
                select count(*) from incident i join sla_clock k on k.record_id = i.id and k.kind = 'RESPONSE'
                where i.title like ? and k.due_at > now()""", prefix + "%");
    }

    /** Jobs of the check's process instances that are due (async steps, fallen-due timers). */
    int dueJobs(String prefix) throws SQLException {
        return count("""
                select count(*) from act_ru_job j join act_ru_execution e on e.id_ = j.process_instance_id_
                join incident i on i.id = e.business_key_
                where i.title like ? and (j.duedate_ is null or j.duedate_ <= localtimestamp)""", prefix + "%");
    }

    /** Mails about the check's incidents in the outbox (ADR 0013) in a state: PENDING, SENT, GIVEN_UP. */
    int mails(String prefix, String state) throws SQLException {
        return count("""
                select count(*) from mail_outbox m join incident i on i.id = m.record_id
                where i.title like ? and m.state = ?""", prefix + "%", state);
    }

    /** The figures of one verification point. */
    Figures figures(String prefix, Figures.Client client) throws SQLException {
        Map<String, Integer> byTitle = incidentsByTitle(prefix);
        int lost = 0;
        for (String title : client.titles()) {
            if (!byTitle.containsKey(title)) {
                lost++;
            }
        }
        int duplicated = (int) byTitle.values().stream().filter(n -> n > 1).count();
        String like = prefix + "%";
        int withoutInstance = count("""
                select count(*) from incident i where i.title like ? and not exists (select 1 from act_hi_procinst p
                  where p.business_key_ = i.id and p.proc_def_key_ = 'IncidentManagement')""", like);
        int multipleInstances = count("""
                select count(*) from incident i where i.title like ? and (select count(*) from act_hi_procinst p
                  where p.business_key_ = i.id and p.proc_def_key_ = 'IncidentManagement') > 1""", like);
        int orphanInstances = count("""
                select count(*) from act_hi_procinst p where p.proc_def_key_ = 'IncidentManagement'
                  and not exists (select 1 from incident i where i.id = p.business_key_)""");
        int expected = count("""
                select count(*) from incident i join sla_clock k on k.record_id = i.id and k.kind = 'RESPONSE'
                where i.title like ? and k.due_at <= now() and (k.stopped_at is null or k.stopped_at > k.due_at)""",
                like);
        int done = count("""
                select count(distinct j.incident_id) from incident_journal j join incident i on i.id = j.incident_id
                where i.title like ? and j.code = 'ESCALATED_RESPONSE'""", like);
        int doubled = count("""
                select count(*) from incident i where i.title like ? and (
                  (select count(*) from incident_journal j where j.incident_id = i.id and j.code = 'ESCALATED_RESPONSE') > 1
                  or (select count(*) from incident_journal j where j.incident_id = i.id and j.code = 'BREACH_RESPONSE') > 1
                  or (select count(*) from sla_breach b where b.record_id = i.id and b.kind = 'RESPONSE') > 1)""", like);
        int breaches = count("""
                select count(*) from sla_breach b join incident i on i.id = b.record_id
                where i.title like ? and b.kind = 'RESPONSE'""", like);
        int failedJobs = count("select count(*) from act_ru_job where retries_ = 0 or exception_msg_ is not null");
        int engineIncidents = count("select count(*) from act_ru_incident");
        int running = count("""
                select count(*) from act_ru_execution e join incident i on i.id = e.business_key_
                where i.title like ? and e.id_ = e.proc_inst_id_""", like);
        int withoutTask = count("""
                select count(*) from act_ru_execution e join incident i on i.id = e.business_key_
                where i.title like ? and e.id_ = e.proc_inst_id_
                  and not exists (select 1 from act_ru_task t where t.proc_inst_id_ = e.id_)""", like);
        int overdueJobs = count("""
                select count(*) from act_ru_job j join act_ru_execution e on e.id_ = j.process_instance_id_
                join incident i on i.id = e.business_key_
                where i.title like ?
                  and coalesce(j.duedate_, j.create_time_) < localtimestamp - interval '60 seconds'""", like);
        int mailsRecorded = count("""
                select count(*) from incident_journal j join incident i on i.id = j.incident_id
                where i.title like ? and j.code = 'RECORDED' and j.kind = 'NOTIFICATION'""", like);
        int notifiedTwice = count("""
                select count(*) from incident i where i.title like ? and (select count(*) from incident_journal j
                  where j.incident_id = i.id and j.code = 'RECORDED' and j.kind = 'NOTIFICATION') > 1""", like);
        return new Figures(client.sent(), client.acknowledged().size(), client.inDoubt(), client.inDoubtFound(),
                client.reRaised(), client.failedOver(), byTitle.size(), lost, duplicated, withoutInstance,
                multipleInstances, orphanInstances, expected, done, Math.max(0, expected - done), doubled, breaches,
                failedJobs, engineIncidents, running, withoutTask, overdueJobs, mailsRecorded, notifiedTwice);
    }

    /** The titles among {@code titles} that have an incident row. */
    List<String> existing(List<String> titles) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select count(*) from incident where title = ?")) {
            for (String title : titles) {
                s.setString(1, title);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        found.add(title);
                    }
                }
            }
        }
        return found;
    }

    private int count(String sql, String... params) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setString(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
