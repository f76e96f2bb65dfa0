package org.itsmflow.release;

import static org.itsmflow.platform.Jdbc.instant;
import static org.itsmflow.platform.Jdbc.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.itsmflow.platform.RecordNumbers;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The release tables: records, their items, waves, checks, restores and journal. The only class that touches them. */
@Repository
class ReleaseStore {

    static final String DELIVERABLE = "DELIVERABLE";
    static final String CHANGE = "CHANGE";
    static final String KNOWN_ERROR = "KNOWN_ERROR";
    static final String PROBLEM = "PROBLEM";
    static final String CI = "CI";

    private final JdbcClient jdbc;
    private final RecordNumbers.Sequence numbers;

    ReleaseStore(JdbcClient jdbc, RecordNumbers recordNumbers) {
        this.jdbc = jdbc;
        this.numbers = recordNumbers.sequence("release_number_seq", "REL");
    }

    String nextId() {
        return numbers.next();
    }

    void insert(String id, NewRelease plan, String planner, Instant at) {
        jdbc.sql("""
                insert into release_record (id, title, description, release_type, planned_date, sites, planner, status,
                    created_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).params(id, plan.title().trim(), plan.description(), plan.releaseType().name(),
                        utc(plan.plannedDate()), String.join(",", plan.siteList()), planner,
                        ReleaseStatus.PLANNED.name(), utc(at), utc(at))
                .update();
    }

    void insertItem(String id, String kind, String ref, int position) {
        jdbc.sql("insert into release_item (release_id, kind, ref, position) values (?, ?, ?, ?)")
                .params(id, kind, ref, position).update();
    }

    List<String> items(String id, String kind) {
        return jdbc.sql("select ref from release_item where release_id = ? and kind = ? order by position")
                .params(id, kind).query(String.class).list();
    }

    Optional<Release> find(String id) {
        return jdbc.sql("select * from release_record where id = ?").param(id).query(ReleaseStore::release).optional();
    }

    List<Release> createdIn(Instant from, Instant to) {
        return jdbc.sql("select * from release_record where created_at >= ? and created_at < ? order by id")
                .params(utc(from), utc(to)).query(ReleaseStore::release).list();
    }

    /** Releases that install on the CI, newest first. */
    List<Release> releasesOnCi(String ciId) {
        return jdbc.sql("""
                select r.* from release_record r join release_item i on i.release_id = r.id
                where i.kind = 'CI' and i.ref = ? order by r.created_at desc, r.id desc
                """).param(ciId).query(ReleaseStore::release).list();
    }

    void setProcessInstance(String id, String processInstanceId) {
        jdbc.sql("update release_record set process_instance_id = ? where id = ?").params(processInstanceId, id)
                .update();
    }

    void setStatus(String id, ReleaseStatus status, Instant at) {
        jdbc.sql("update release_record set status = ?, updated_at = ? where id = ?")
                .params(status.name(), utc(at), id).update();
    }

    void setOutcome(String id, ReleaseStatus status, String outcome, Instant at) {
        jdbc.sql("update release_record set status = ?, outcome = ?, updated_at = ? where id = ?")
                .params(status.name(), outcome, utc(at), id).update();
    }

    void setPolicy(String id, int waveCount, int canarySize, String approvals, String watchPeriod,
            int incidentThreshold, String reason, Instant at) {
        jdbc.sql("""
                update release_record set wave_count = ?, canary_size = ?, approvals = ?, watch_period = ?,
                    incident_threshold = ?, policy_reason = ?, updated_at = ? where id = ?
                """).params(waveCount, canarySize, approvals, watchPeriod, incidentThreshold, reason, utc(at), id)
                .update();
    }

    void setReleaseManager(String id, String who, String note, Instant at) {
        jdbc.sql("update release_record set release_manager = ?, release_manager_note = ?, updated_at = ? where id = ?")
                .params(who, note, utc(at), id).update();
    }

    void setServiceOwner(String id, String who, String note, Instant at) {
        jdbc.sql("update release_record set service_owner = ?, service_owner_note = ?, updated_at = ? where id = ?")
                .params(who, note, utc(at), id).update();
    }

    void setAcceptance(String id, String result, String tester, String note, Instant at) {
        jdbc.sql("""
                update release_record set acceptance_result = ?, acceptance_tester = ?, acceptance_note = ?,
                    updated_at = ? where id = ?
                """).params(result, tester, note, utc(at), id).update();
    }

    void setBaseline(String id, String baselineId, Instant at) {
        jdbc.sql("""
                update release_record set baseline_id = ?, status = ?, rollout_started_at = ?, updated_at = ?
                where id = ?
                """).params(baselineId, ReleaseStatus.ROLLING_OUT.name(), utc(at), utc(at), id).update();
    }

    void setDeployed(String id, Instant at, Instant watchEndsAt) {
        jdbc.sql("update release_record set status = ?, deployed_at = ?, watch_ends_at = ?, updated_at = ? where id = ?")
                .params(ReleaseStatus.DEPLOYED.name(), utc(at), utc(watchEndsAt), utc(at), id).update();
    }

    void setRolledBack(String id, String reason, Instant at) {
        jdbc.sql("""
                update release_record set status = ?, outcome = ?, rolled_back_at = ?, rollback_reason = ?,
                    updated_at = ? where id = ?
                """).params(ReleaseStatus.ROLLED_BACK.name(), "ROLLED_BACK", utc(at), reason, utc(at), id).update();
    }

    void setMeasured(String id, int incidentCount, boolean successful, Instant at) {
        ReleaseStatus status = successful ? ReleaseStatus.SUCCESSFUL : ReleaseStatus.FAILED;
        jdbc.sql("""
                update release_record set status = ?, outcome = ?, incident_count = ?, measured_at = ?, updated_at = ?
                where id = ?
                """).params(status.name(), status.name(), incidentCount, utc(at), utc(at), id).update();
    }

    void setImprovement(String id, String improvementId) {
        jdbc.sql("update release_record set improvement_id = ? where id = ?").params(improvementId, id).update();
    }

    // --- waves, checks, restores ----------------------------------------------------------------------------

    void insertWave(String id, int waveNo, List<String> sites) {
        jdbc.sql("insert into release_wave (release_id, wave_no, sites, status) values (?, ?, ?, 'PLANNED')")
                .params(id, waveNo, String.join(",", sites)).update();
    }

    void deleteWaves(String id) {
        jdbc.sql("delete from release_wave where release_id = ?").param(id).update();
    }

    List<ReleaseView.Wave> waves(String id) {
        return jdbc.sql("select * from release_wave where release_id = ? order by wave_no").param(id)
                .query((rs, n) -> new ReleaseView.Wave(rs.getInt("wave_no"), split(rs.getString("sites")),
                        rs.getString("status"), rs.getString("note"), instant(rs, "started_at"),
                        instant(rs, "finished_at")))
                .list();
    }

    void setWave(String id, int waveNo, String status, String note, Instant at, boolean finished) {
        jdbc.sql("""
                update release_wave set status = ?, note = coalesce(?, note),
                    started_at = coalesce(started_at, ?), finished_at = ? where release_id = ? and wave_no = ?
                """).params(status, note, utc(at), finished ? utc(at) : null, id, waveNo).update();
    }

    void check(String id, Integer waveNo, String kind, String subject, boolean passed, String detail, Instant at) {
        jdbc.sql("""
                insert into release_check (release_id, wave_no, kind, subject, passed, detail, checked_at)
                values (?, ?, ?, ?, ?, ?, ?)
                """).params(id, waveNo, kind, cut(subject, 300), passed, cut(detail, 2000), utc(at)).update();
    }

    List<ReleaseView.Check> checks(String id) {
        return jdbc.sql("select * from release_check where release_id = ? order by id").param(id)
                .query((rs, n) -> new ReleaseView.Check(rs.getLong("id"), (Integer) rs.getObject("wave_no"),
                        rs.getString("kind"), rs.getString("subject"), rs.getBoolean("passed"), rs.getString("detail"),
                        instant(rs, "checked_at")))
                .list();
    }

    void restore(String id, String ciId, int from, int baseline, int restored, Instant at) {
        jdbc.sql("""
                insert into release_restore (release_id, ci_id, from_version, baseline_version, restored_version,
                    restored_at) values (?, ?, ?, ?, ?, ?)
                """).params(id, ciId, from, baseline, restored, utc(at)).update();
    }

    List<ReleaseView.Restore> restores(String id) {
        return jdbc.sql("select * from release_restore where release_id = ? order by ci_id").param(id)
                .query((rs, n) -> new ReleaseView.Restore(rs.getString("ci_id"), rs.getInt("from_version"),
                        rs.getInt("baseline_version"), rs.getInt("restored_version"), instant(rs, "restored_at")))
                .list();
    }

    // --- journal ---------------------------------------------------------------------------------------------

    void journal(String id, String actor, String code, String text, Instant at) {
        jdbc.sql("insert into release_journal (release_id, at, actor, code, text) values (?, ?, ?, ?, ?)")
                .params(id, utc(at), actor, code, cut(text, 4000)).update();
    }

    List<ReleaseView.JournalEntry> journal(String id) {
        return jdbc.sql("select * from release_journal where release_id = ? order by id").param(id)
                .query((rs, n) -> new ReleaseView.JournalEntry(instant(rs, "at"), rs.getString("actor"),
                        rs.getString("code"), rs.getString("text")))
                .list();
    }

    // --- mapping ---------------------------------------------------------------------------------------------

    static Release release(ResultSet rs, int row) throws SQLException {
        return new Release(rs.getString("id"), rs.getString("title"), rs.getString("description"),
                ReleaseType.valueOf(rs.getString("release_type")), instant(rs, "planned_date"),
                split(rs.getString("sites")), rs.getString("planner"), ReleaseStatus.valueOf(rs.getString("status")),
                (Integer) rs.getObject("wave_count"), (Integer) rs.getObject("canary_size"),
                rs.getString("approvals"), rs.getString("watch_period"), (Integer) rs.getObject("incident_threshold"),
                rs.getString("policy_reason"), rs.getString("release_manager"), rs.getString("release_manager_note"),
                rs.getString("service_owner"), rs.getString("service_owner_note"), rs.getString("acceptance_result"),
                rs.getString("acceptance_tester"), rs.getString("acceptance_note"), rs.getString("baseline_id"),
                instant(rs, "rollout_started_at"), instant(rs, "deployed_at"), instant(rs, "rolled_back_at"),
                rs.getString("rollback_reason"), instant(rs, "watch_ends_at"), instant(rs, "measured_at"),
                (Integer) rs.getObject("incident_count"), rs.getString("outcome"), rs.getString("improvement_id"),
                rs.getString("process_instance_id"), instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    private static List<String> split(String text) {
        return text == null || text.isBlank() ? List.of() : Arrays.asList(text.split(","));
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
