package org.itsmflow.cmdb;

import static org.itsmflow.platform.Jdbc.instant;
import static org.itsmflow.platform.Jdbc.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * SQL of the CMDB tables; the only class that touches them. Portable SQL (H2 and PostgreSQL): sets of ids are bound
 * as one SQL array ({@code = any(?)}), timestamps as UTC {@link OffsetDateTime}.
 *
 * <p>Every write that changes the topology impact analysis walks (CI insert, CI type change, relationship insert
 * and delete, service link) first raises the topology version ({@link #bumpTopology}) in the same transaction, so
 * each node's in-memory {@link RelationshipGraph} knows it no longer matches. First, so that a topology write always
 * locks the version row before a CI row (the PostgreSQL triggers of {@code cmdb-008} raise it once more after the
 * statement; the second raise in the same transaction waits for nothing).
 */
@Repository
class CiStore {

    private static final String CI_COLUMNS = "id, name, type_id, status, version, location, owner_group, attributes, "
            + "documentation_url, created_at, updated_at";
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, CiHistoryEntry.FieldChange>> CHANGES = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    CiStore(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    // --- types -----------------------------------------------------------------------------------------------

    List<CiType> types() {
        return jdbc.sql("select id, name, description from ci_type order by id")
                .query((rs, n) -> new CiType(rs.getString("id"), rs.getString("name"), rs.getString("description")))
                .list();
    }

    boolean typeExists(String typeId) {
        return jdbc.sql("select count(*) from ci_type where id = ?").param(typeId).query(Long.class).single() > 0;
    }

    // --- configuration items ---------------------------------------------------------------------------------

    Optional<ConfigurationItem> find(String id) {
        return jdbc.sql("select " + CI_COLUMNS + " from configuration_item where id = ?").param(id)
                .query(this::ci).optional();
    }

    /** A CI with the topology version its read saw. */
    record Versioned(ConfigurationItem ci, long topologyVersion) {
    }

    /** The CI and the topology version ({@link #topologyVersion}) in one statement: impact analysis's first read. */
    Optional<Versioned> findWithTopologyVersion(String id) {
        return jdbc.sql("select " + CI_COLUMNS + ", (select version from cmdb_topology_version where id = 1) "
                        + "as topology_version from configuration_item where id = ?").param(id)
                .query((rs, n) -> new Versioned(ci(rs, n), rs.getLong("topology_version"))).optional();
    }

    /** CIs whose id or name contains {@code q} (case-insensitive), optionally of a type and status, ordered by id. */
    CiPage search(String q, String typeId, CiStatus status, int page, int size) {
        StringBuilder where = new StringBuilder(" where 1 = 1");
        List<Object> params = new ArrayList<>();
        if (q != null && !q.isBlank()) {
            String pattern = "%" + escapeLike(q.trim().toLowerCase(java.util.Locale.ROOT)) + "%";
            where.append(" and (lower(id) like ? escape '!' or lower(name) like ? escape '!')");
            params.add(pattern);
            params.add(pattern);
        }
        if (typeId != null) {
            where.append(" and type_id = ?");
            params.add(typeId);
        }
        if (status != null) {
            where.append(" and status = ?");
            params.add(status.name());
        }
        long total = jdbc.sql("select count(*) from configuration_item" + where).params(params)
                .query(Long.class).single();
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(size);
        pageParams.add((long) page * size);
        List<ConfigurationItem> items = jdbc.sql("select " + CI_COLUMNS + " from configuration_item" + where
                        + " order by id limit ? offset ?")
                .params(pageParams).query(this::ci).list();
        return new CiPage(items, page, size, total);
    }

    void insert(ConfigurationItem ci) {
        bumpTopology();
        jdbc.sql("insert into configuration_item (" + CI_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(ci.id(), ci.name(), ci.typeId(), ci.status().name(), ci.version(), ci.location(),
                        ci.ownerGroup(), toJson(ci.attributes()), ci.documentationUrl(), utc(ci.createdAt()),
                        utc(ci.updatedAt()))
                .update();
    }

    /**
     * Writes every field of {@code ci} if the stored version is still {@code expectedVersion}; false otherwise.
     * {@code typeChanged}: the CI's type differs from the stored one, which changes the topology (counts by type);
     * name, status and attribute changes do not.
     */
    boolean update(ConfigurationItem ci, int expectedVersion, boolean typeChanged) {
        if (typeChanged) {
            bumpTopology();
        }
        return jdbc.sql("update configuration_item set name = ?, type_id = ?, status = ?, version = ?, location = ?, "
                        + "owner_group = ?, attributes = ?, documentation_url = ?, updated_at = ? "
                        + "where id = ? and version = ?")
                .params(ci.name(), ci.typeId(), ci.status().name(), ci.version(), ci.location(), ci.ownerGroup(),
                        toJson(ci.attributes()), ci.documentationUrl(), utc(ci.updatedAt()), ci.id(), expectedVersion)
                .update() == 1;
    }

    /** Raises the version of a CI whose relationships changed; false if it moved on meanwhile. */
    boolean bumpVersion(String id, int expectedVersion, Instant at) {
        return jdbc.sql("update configuration_item set version = ?, updated_at = ? where id = ? and version = ?")
                .params(expectedVersion + 1, utc(at), id, expectedVersion).update() == 1;
    }

    // --- relationships ---------------------------------------------------------------------------------------

    List<CiRelationship> outgoing(String id) {
        return jdbc.sql("select source_ci_id, type, target_ci_id from ci_relationship where source_ci_id = ? "
                + "order by type, target_ci_id").param(id).query(this::relationship).list();
    }

    List<CiRelationship> incoming(String id) {
        return jdbc.sql("select source_ci_id, type, target_ci_id from ci_relationship where target_ci_id = ? "
                + "order by type, source_ci_id").param(id).query(this::relationship).list();
    }

    boolean relationshipExists(CiRelationship r) {
        return jdbc.sql("select count(*) from ci_relationship where source_ci_id = ? and target_ci_id = ? and type = ?")
                .params(r.sourceCiId(), r.targetCiId(), r.type().name()).query(Long.class).single() > 0;
    }

    void insertRelationship(CiRelationship r) {
        bumpTopology();
        jdbc.sql("insert into ci_relationship (source_ci_id, target_ci_id, type) values (?, ?, ?)")
                .params(r.sourceCiId(), r.targetCiId(), r.type().name()).update();
    }

    boolean deleteRelationship(CiRelationship r) {
        bumpTopology();
        return jdbc.sql("delete from ci_relationship where source_ci_id = ? and target_ci_id = ? and type = ?")
                .params(r.sourceCiId(), r.targetCiId(), r.type().name()).update() == 1;
    }

    // --- history (append only: never updated or deleted) -----------------------------------------------------

    long appendHistory(String ciId, int ciVersion, Instant at, String actor, HistoryAction action,
            Map<String, CiHistoryEntry.FieldChange> changes, String reason, String changeRef) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("insert into ci_history (ci_id, ci_version, changed_at, changed_by, action, changes, reason, change_ref) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(ciId, ciVersion, utc(at), actor, action.name(), toJson(changes), reason, changeRef)
                .update(key, "id");
        return key.getKey().longValue();
    }

    List<CiHistoryEntry> history(String ciId) {
        return jdbc.sql("select id, ci_id, ci_version, changed_at, changed_by, action, changes, reason, change_ref "
                        + "from ci_history where ci_id = ? order by ci_version, id")
                .param(ciId)
                .query((rs, n) -> new CiHistoryEntry(rs.getLong("id"), rs.getString("ci_id"), rs.getInt("ci_version"),
                        instant(rs, "changed_at"), rs.getString("changed_by"),
                        HistoryAction.valueOf(rs.getString("action")), fromJson(rs.getString("changes"), CHANGES),
                        rs.getString("reason"), rs.getString("change_ref")))
                .list();
    }

    /** History entries made by one person in {@code [from, to)}, oldest first (read by the audits, R-4.3b). */
    List<CiHistoryEntry> historyBy(String actor, Instant from, Instant to) {
        return jdbc.sql("select id, ci_id, ci_version, changed_at, changed_by, action, changes, reason, change_ref "
                        + "from ci_history where changed_by = ? and changed_at >= ? and changed_at < ? order by changed_at, id")
                .params(actor, utc(from), utc(to))
                .query((rs, n) -> new CiHistoryEntry(rs.getLong("id"), rs.getString("ci_id"), rs.getInt("ci_version"),
                        instant(rs, "changed_at"), rs.getString("changed_by"),
                        HistoryAction.valueOf(rs.getString("action")), fromJson(rs.getString("changes"), CHANGES),
                        rs.getString("reason"), rs.getString("change_ref")))
                .list();
    }

    /** Every history entry made in {@code [from, to)}, oldest first. */
    List<CiHistoryEntry> historyBetween(Instant from, Instant to) {
        return jdbc.sql("select id, ci_id, ci_version, changed_at, changed_by, action, changes, reason, change_ref "
                        + "from ci_history where changed_at >= ? and changed_at < ? order by changed_at, id")
                .params(utc(from), utc(to))
                .query((rs, n) -> new CiHistoryEntry(rs.getLong("id"), rs.getString("ci_id"), rs.getInt("ci_version"),
                        instant(rs, "changed_at"), rs.getString("changed_by"),
                        HistoryAction.valueOf(rs.getString("action")), fromJson(rs.getString("changes"), CHANGES),
                        rs.getString("reason"), rs.getString("change_ref")))
                .list();
    }

    // --- services --------------------------------------------------------------------------------------------

    /** The distinct services directly supported by any of these CIs, sorted. */
    List<String> servicesOf(Collection<String> ciIds) {
        if (ciIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select distinct service_id from service_ci where ci_id = any(?) order by service_id")
                .param(idArray(ciIds)).query(String.class).list();
    }

    void linkService(String serviceId, String ciId) {
        bumpTopology();
        jdbc.sql("insert into service_ci (service_id, ci_id) values (?, ?)").params(serviceId, ciId).update();
    }

    // --- topology version and the relationship graph's load ------------------------------------------------

    /**
     * The topology version as this transaction sees it (committed, or this transaction's own uncommitted raise).
     * One primary-key read per impact analysis.
     */
    long topologyVersion() {
        return jdbc.sql("select version from cmdb_topology_version where id = 1").query(Long.class).single();
    }

    /** Raises the topology version in the caller's transaction (locks its row until the transaction ends). */
    void bumpTopology() {
        jdbc.sql("update cmdb_topology_version set version = version + 1 where id = 1").update();
    }

    /** Rows of one table, streamed: {@code row} gets the columns in select order. */
    interface Rows {
        void row(String a, String b, String c);
    }

    /**
     * Streams the topology for {@link RelationshipGraph#load}: every CI (id, type), every relationship (source,
     * type, target), every service link (CI, service), one query per table with a large fetch size so the
     * PostgreSQL driver streams instead of holding 500k rows. Call in one (repeatable read) transaction.
     */
    void streamTopology(JdbcTemplate streaming, Rows cis, Rows relationships, Rows serviceLinks) {
        streaming.query("select id, type_id from configuration_item",
                (RowCallbackHandler) rs -> cis.row(rs.getString(1), rs.getString(2), null));
        streaming.query("select source_ci_id, type, target_ci_id from ci_relationship",
                (RowCallbackHandler) rs -> relationships.row(rs.getString(1), rs.getString(2), rs.getString(3)));
        streaming.query("select ci_id, service_id from service_ci",
                (RowCallbackHandler) rs -> serviceLinks.row(rs.getString(1), rs.getString(2), null));
    }

    // --- impact analysis -------------------------------------------------------------------------------------

    /** A relationship that leads from a frontier CI to {@code neighbour}. */
    record Step(CiRelationship relationship, String neighbour) {
    }

    /**
     * One breadth-first level in one query: every relationship that leads from a frontier CI to a neighbour in
     * {@code direction}. Reads only the relationship table's covering indexes (source, type, target) and (target,
     * type, source); the caller orders the steps.
     */
    List<Step> neighbours(Collection<String> frontier, ImpactDirection direction) {
        // "forwards": frontier is the source, the neighbour the target; "backwards" the reverse
        String forwards = "select source_ci_id, type, target_ci_id, 1 as forwards from ci_relationship "
                + "where source_ci_id = any(?)";
        String backwards = "select source_ci_id, type, target_ci_id, 0 as forwards from ci_relationship "
                + "where target_ci_id = any(?)";
        SqlArrayValue ids = idArray(frontier);
        return jdbc.sql(walk(direction, forwards, backwards, " union all ")).params(ids, ids).query((rs, n) -> {
            CiRelationship relationship = relationship(rs, n);
            return new Step(relationship,
                    rs.getInt("forwards") == 1 ? relationship.targetCiId() : relationship.sourceCiId());
        }).list();
    }

    /**
     * One breadth-first level, ids only: the distinct CIs one step from a frontier CI in {@code direction} (the
     * same relationships as {@link #neighbours}, read from the same covering indexes, without shipping each
     * relationship row).
     */
    List<String> neighbourIds(Collection<String> frontier, ImpactDirection direction) {
        String forwards = "select target_ci_id as id from ci_relationship where source_ci_id = any(?)";
        String backwards = "select source_ci_id as id from ci_relationship where target_ci_id = any(?)";
        SqlArrayValue ids = idArray(frontier);
        return jdbc.sql(walk(direction, forwards, backwards, " union ")).params(ids, ids).query(String.class).list();
    }

    /**
     * One step of an impact walk in {@code direction}: what depends on a CI is reached backwards over every
     * relationship and forwards over CONNECTED_TO (which runs both ways); upstream the reverse; BOTH every way.
     */
    private static String walk(ImpactDirection direction, String forwards, String backwards, String union) {
        String connected = " and type = 'CONNECTED_TO'";
        return switch (direction) {
            case DOWNSTREAM -> backwards + union + forwards + connected;
            case UPSTREAM -> forwards + union + backwards + connected;
            case BOTH -> forwards + union + backwards;
        };
    }

    /** How many of these CIs are of each type, by type id. */
    Map<String, Integer> typeCounts(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<String, Integer> counts = new java.util.TreeMap<>();
        jdbc.sql("select type_id, count(*) as n from configuration_item where id = any(?) group by type_id")
                .param(idArray(ids))
                .query((rs, n) -> Map.entry(rs.getString("type_id"), rs.getInt("n")))
                .list().forEach(entry -> counts.put(entry.getKey(), entry.getValue()));
        return counts;
    }

    /** Id, name, type and status of each of these CIs, by id. */
    Map<String, Impact.CiSummary> summaries(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<String, Impact.CiSummary> summaries = new java.util.HashMap<>();
        jdbc.sql("select id, name, type_id, status from configuration_item where id = any(?)").param(idArray(ids))
                .query((rs, n) -> new Impact.CiSummary(rs.getString("id"), rs.getString("name"),
                        rs.getString("type_id"), CiStatus.valueOf(rs.getString("status"))))
                .list().forEach(summary -> summaries.put(summary.id(), summary));
        return summaries;
    }

    // --- mapping ---------------------------------------------------------------------------------------------

    private ConfigurationItem ci(ResultSet rs, int row) throws SQLException {
        return new ConfigurationItem(rs.getString("id"), rs.getString("name"), rs.getString("type_id"),
                CiStatus.valueOf(rs.getString("status")), rs.getInt("version"), rs.getString("location"),
                rs.getString("owner_group"), fromJson(rs.getString("attributes"), OBJECT),
                rs.getString("documentation_url"), instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    private CiRelationship relationship(ResultSet rs, int row) throws SQLException {
        return new CiRelationship(rs.getString("source_ci_id"), RelationshipType.valueOf(rs.getString("type")),
                rs.getString("target_ci_id"));
    }

    private static SqlArrayValue idArray(Collection<String> ids) {
        return new SqlArrayValue("varchar", ids.toArray());
    }

    private static String escapeLike(String value) {
        return value.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    private String toJson(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write JSON", e);
        }
    }

    private <T> T fromJson(String text, TypeReference<T> type) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The CMDB holds malformed JSON: " + text, e);
        }
    }
}
