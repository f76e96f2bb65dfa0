package org.itsmflow.servicelevel;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.itsmflow.platform.ConflictException;
import org.itsmflow.platform.InvalidFieldException;
import org.itsmflow.platform.Jdbc;
import org.itsmflow.platform.NotFoundException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Investigations of unplanned unavailability (R-6.3a): every unplanned outage record that ended gets one
 * investigation by the service owners, opened by the monthly service reporting process, with the cause found and
 * what follows from it.
 */
@Service
public class OutageInvestigations {

    /** One investigation; {@code investigatedAt} is null while it is open. */
    public record Investigation(long outageId, String processInstanceId, Instant openedAt, String cause,
            String findings, String improvementId, String investigatedBy, Instant investigatedAt) {
    }

    private final JdbcClient jdbc;
    private final OutageService outages;

    OutageInvestigations(JdbcClient jdbc, OutageService outages) {
        this.jdbc = jdbc;
        this.outages = outages;
    }

    /** Unplanned outages that ended in [from, to) and have no investigation yet, oldest first. */
    @Transactional(readOnly = true)
    public List<OutageService.Outage> uninvestigated(Instant from, Instant to) {
        return outages.unplannedEndedBetween(from, to).stream().filter(o -> find(o.id()).isEmpty()).toList();
    }

    /** Opens the investigation of an outage; idempotent (an outage is investigated once). */
    @Transactional
    public Investigation open(long outageId, Instant at) {
        outages.find(outageId).orElseThrow(() -> new NotFoundException("Outage", Long.toString(outageId)));
        Optional<Investigation> existing = find(outageId);
        if (existing.isPresent()) {
            return existing.get();
        }
        jdbc.sql("insert into outage_investigation (outage_id, opened_at) values (?, ?)").params(outageId, Jdbc.utc(at))
                .update();
        return find(outageId).orElseThrow();
    }

    @Transactional
    public void setProcessInstance(long outageId, String processInstanceId) {
        jdbc.sql("update outage_investigation set process_instance_id = ? where outage_id = ?")
                .params(processInstanceId, outageId).update();
    }

    /**
     * Records what the investigation found.
     *
     * @throws InvalidFieldException when no cause is given
     * @throws ConflictException when it was already recorded
     */
    @Transactional
    public Investigation record(long outageId, String cause, String findings, String improvementId, String by,
            Instant at) {
        Investigation inv = find(outageId).orElseThrow(() -> new NotFoundException("Outage investigation",
                Long.toString(outageId)));
        if (inv.investigatedAt() != null) {
            throw new ConflictException("The investigation of outage " + outageId + " is already recorded");
        }
        if (cause == null || cause.isBlank()) {
            throw new InvalidFieldException("cause", "is required: why the service was unavailable");
        }
        jdbc.sql("""
                update outage_investigation set cause = ?, findings = ?, improvement_id = ?, investigated_by = ?,
                    investigated_at = ? where outage_id = ?
                """).params(cut(cause.strip(), 2000), cut(findings, 4000), improvementId, by, Jdbc.utc(at), outageId)
                .update();
        return find(outageId).orElseThrow();
    }

    @Transactional(readOnly = true)
    public Optional<Investigation> find(long outageId) {
        return jdbc.sql("select * from outage_investigation where outage_id = ?").param(outageId)
                .query((rs, n) -> new Investigation(rs.getLong("outage_id"), rs.getString("process_instance_id"),
                        Jdbc.instant(rs, "opened_at"), rs.getString("cause"), rs.getString("findings"),
                        rs.getString("improvement_id"), rs.getString("investigated_by"),
                        Jdbc.instant(rs, "investigated_at")))
                .optional();
    }

    /** Investigations opened in [from, to): for the conformance evidence of R-6.3a. */
    @Transactional(readOnly = true)
    public List<Investigation> openedBetween(Instant from, Instant to) {
        return jdbc.sql("select outage_id from outage_investigation where opened_at >= ? and opened_at < ? "
                + "order by outage_id").params(Jdbc.utc(from), Jdbc.utc(to)).query(Long.class).list().stream()
                .map(id -> find(id).orElseThrow()).toList();
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
