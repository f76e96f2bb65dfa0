package org.itsmflow.cmdb;

import static org.itsmflow.platform.Jdbc.instant;
import static org.itsmflow.platform.Jdbc.utc;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.itsmflow.platform.InvalidFieldException;
import org.itsmflow.platform.NotFoundException;
import org.itsmflow.platform.RecordNumbers;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * CMDB baselines (R-9.1e): a snapshot of the current version of each of a set of CIs, taken before a release goes
 * live, and the way back to it. Restoring never rewrites history: a CI that moved on gets a new version equal to
 * its baseline one, whose history entry names the record that asked for it and says "restored from baseline B"
 * (R-9.1b, R-9.1d, R-10.1c).
 */
@Service
public class CmdbBaselines {

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    /** A baseline and the CI versions it holds. */
    public record Baseline(String id, String reason, String sourceRef, String takenBy, Instant takenAt,
            List<Item> items) {

        public Optional<Item> item(String ciId) {
            return items.stream().filter(i -> i.ciId().equals(ciId)).findFirst();
        }
    }

    /** One CI of a baseline: its version then and its fields then. */
    public record Item(String ciId, int ciVersion, Map<String, Object> snapshot) {
    }

    /** What a restore did to one CI: the version it had, the baseline's version, and the version it has now. */
    public record Restored(String ciId, int fromVersion, int baselineVersion, int restoredVersion) {

        public boolean changed() {
            return fromVersion != restoredVersion;
        }
    }

    private final JdbcClient jdbc;
    private final CmdbService cmdb;
    private final ObjectMapper json;
    private final RecordNumbers.Sequence numbers;

    CmdbBaselines(JdbcClient jdbc, CmdbService cmdb, ObjectMapper json, RecordNumbers recordNumbers) {
        this.jdbc = jdbc;
        this.cmdb = cmdb;
        this.json = json;
        this.numbers = recordNumbers.sequence("baseline_number_seq", "BL");
    }

    /** Takes a baseline ({@code BL-000001}) of the current version of every CI named (R-9.1e). */
    @Transactional
    public Baseline take(Collection<String> ciIds, String actor, String reason, String sourceRef) {
        if (ciIds == null || ciIds.isEmpty()) {
            throw new InvalidFieldException("ciIds", "a baseline needs at least one CI");
        }
        String id = numbers.next();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        jdbc.sql("insert into cmdb_baseline (id, reason, source_ref, taken_by, taken_at) values (?, ?, ?, ?, ?)")
                .params(id, reason, sourceRef, actor, utc(now)).update();
        for (String ciId : new LinkedHashSet<>(ciIds)) {
            ConfigurationItem ci = cmdb.require(ciId, "ciIds");
            jdbc.sql("insert into cmdb_baseline_item (baseline_id, ci_id, ci_version, snapshot) values (?, ?, ?, ?)")
                    .params(id, ci.id(), ci.version(), write(snapshot(ci))).update();
        }
        return require(id);
    }

    @Transactional(readOnly = true)
    public Optional<Baseline> find(String id) {
        return jdbc.sql("select * from cmdb_baseline where id = ?").param(id)
                .query((rs, n) -> new Baseline(rs.getString("id"), rs.getString("reason"), rs.getString("source_ref"),
                        rs.getString("taken_by"), instant(rs, "taken_at"), items(rs.getString("id"))))
                .optional();
    }

    public Baseline require(String id) {
        return find(id).orElseThrow(() -> new NotFoundException("CMDB baseline", id));
    }

    /**
     * Restores the CIs named (all of the baseline's when null) to their baseline fields. A CI whose fields differ gets
     * a new version, its history entry naming {@code sourceRef} and saying "restored from baseline B"; a CI that
     * still matches is left as it is.
     */
    @Transactional
    public List<Restored> restore(String baselineId, Collection<String> ciIds, String actor, String why,
            String sourceRef) {
        Baseline baseline = require(baselineId);
        List<Restored> restored = new ArrayList<>();
        for (Item item : baseline.items()) {
            if (ciIds != null && !ciIds.contains(item.ciId())) {
                continue;
            }
            ConfigurationItem current = cmdb.require(item.ciId(), null);
            Map<String, Object> then = item.snapshot();
            CiChanges changes = CiChanges.against(current.version())
                    .withName((String) then.get("name"))
                    .withType((String) then.get("typeId"))
                    .withStatus(CiStatus.valueOf((String) then.get("status")))
                    .withLocation(orBlank(then.get("location")))
                    .withOwnerGroup(orBlank(then.get("ownerGroup")))
                    .withAttributes(attributes(then.get("attributes")))
                    .withDocumentationUrl(orBlank(then.get("documentationUrl")));
            String reason = (why == null ? "" : why + ": ") + "restored from baseline " + baseline.id()
                    + " (version " + item.ciVersion() + ")";
            ConfigurationItem after = cmdb.update(item.ciId(), changes, actor, reason, sourceRef);
            restored.add(new Restored(item.ciId(), current.version(), item.ciVersion(), after.version()));
        }
        return restored;
    }

    private List<Item> items(String baselineId) {
        return jdbc.sql("select * from cmdb_baseline_item where baseline_id = ? order by ci_id").param(baselineId)
                .query((rs, n) -> new Item(rs.getString("ci_id"), rs.getInt("ci_version"),
                        read(rs.getString("snapshot"))))
                .list();
    }

    private static Map<String, Object> snapshot(ConfigurationItem ci) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", ci.name());
        fields.put("typeId", ci.typeId());
        fields.put("status", ci.status().name());
        fields.put("location", ci.location());
        fields.put("ownerGroup", ci.ownerGroup());
        fields.put("attributes", ci.attributes() == null ? Map.of() : ci.attributes());
        fields.put("documentationUrl", ci.documentationUrl());
        return fields;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> attributes(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static String orBlank(Object value) {
        return value == null ? "" : value.toString();
    }

    private String write(Map<String, Object> value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a baseline snapshot", e);
        }
    }

    private Map<String, Object> read(String text) {
        try {
            return json.readValue(text, OBJECT);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A baseline holds a malformed snapshot: " + text, e);
        }
    }
}
