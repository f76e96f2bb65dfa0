package org.itsmflow.cmdb;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.itsmflow.cmdb.CiHistoryEntry.FieldChange;
import org.itsmflow.platform.ConflictException;
import org.itsmflow.platform.InvalidFieldException;
import org.itsmflow.platform.NotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The CMDB (ISO/IEC 20000-1 clause 9.1): the only way into configuration items, their relationships and history.
 * Incident, change and release management call this service, never the tables.
 * <ul>
 * <li>R-9.1a: CI types, CIs with their relationships, attributes and documentation.</li>
 * <li>R-9.1b: every write raises the CI's version by one; updates are optimistic (expected version).</li>
 * <li>R-9.1c: {@link #impact impact analysis} over the relationships, with the affected services.</li>
 * <li>R-9.1d: every write appends a history entry (who, when, what from/to, why, which change) in the same
 * transaction; history is never updated or deleted.</li>
 * <li>R-9.1g: each CI has a unique human id ({@code SRV-ERP-01}).</li>
 * </ul>
 * Writes join the caller's transaction (a process step's), so the record and the step commit together.
 */
@Service
public class CmdbService {

    /** Default and limits of the impact analysis depth. */
    public static final int DEFAULT_DEPTH = 3;
    public static final int MAX_DEPTH = 10;
    public static final int MAX_PAGE_SIZE = 200;
    /** Impact analysis over the API lists this many reached CIs unless asked for another number (issue 9). */
    public static final int DEFAULT_IMPACT_LIMIT = 100;
    public static final int MAX_IMPACT_LIMIT = 1000;

    static final String WHAT = "Configuration item";
    private static final Pattern CI_ID = Pattern.compile("[A-Z0-9]+(-[A-Z0-9]+)*");
    private static final Pattern CHANGE_REF = Pattern.compile("[A-Z]+-[0-9]+");
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };
    /** Within one level: by reached CI, then by relationship, so "first reached via" is deterministic. */
    private static final Comparator<CiRelationship> RELATIONSHIP_ORDER = Comparator
            .comparing(CiRelationship::sourceCiId)
            .thenComparing(CiRelationship::type)
            .thenComparing(CiRelationship::targetCiId);

    private final CiStore store;
    private final ObjectMapper json;
    private final RelationshipGraphs graphs;

    CmdbService(CiStore store, ObjectMapper json, RelationshipGraphs graphs) {
        this.store = store;
        this.json = json;
        this.graphs = graphs;
    }

    // --- reads -----------------------------------------------------------------------------------------------

    @Transactional(readOnly = true)
    public List<CiType> types() {
        return store.types();
    }

    @Transactional(readOnly = true)
    public Optional<ConfigurationItem> find(String id) {
        return id == null ? Optional.empty() : store.find(id);
    }

    /**
     * The CI, or a {@link NotFoundException} (404) naming the request {@code field} that carried the id (null when the
     * id was a path segment).
     */
    @Transactional(readOnly = true)
    public ConfigurationItem require(String id, String field) {
        return find(id).orElseThrow(() -> new NotFoundException(WHAT, id, field));
    }

    /**
     * CIs whose id or name contains {@code q} (case-insensitive), optionally of one type and status, ordered by id.
     *
     * @param page from 0
     * @param size 1..{@value #MAX_PAGE_SIZE}
     */
    @Transactional(readOnly = true)
    public CiPage search(String q, String typeId, CiStatus status, int page, int size) {
        if (page < 0) {
            throw new InvalidFieldException("page", "must be 0 or more");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new InvalidFieldException("size", "must be between 1 and " + MAX_PAGE_SIZE);
        }
        String type = blankToNull(typeId);
        if (type != null && !store.typeExists(type)) {
            throw new InvalidFieldException("type", "'" + type + "' is not a CI type; allowed: " + typeIds());
        }
        if ((long) page * size > Integer.MAX_VALUE) {
            throw new InvalidFieldException("page", "is too large");
        }
        return store.search(q, type, status, page, size);
    }

    /** Outgoing relationships of a CI ("this CI type target"). */
    @Transactional(readOnly = true)
    public List<CiRelationship> outgoing(String id) {
        require(id, null);
        return store.outgoing(id);
    }

    /** Incoming relationships of a CI ("source type this CI"). */
    @Transactional(readOnly = true)
    public List<CiRelationship> incoming(String id) {
        require(id, null);
        return store.incoming(id);
    }

    /** All relationships of a CI: outgoing first, then incoming. */
    @Transactional(readOnly = true)
    public List<CiRelationship> relationships(String id) {
        require(id, null);
        List<CiRelationship> all = new ArrayList<>(store.outgoing(id));
        all.addAll(store.incoming(id));
        return all;
    }

    /** The CI's history, oldest first (R-9.1d). */
    @Transactional(readOnly = true)
    public List<CiHistoryEntry> history(String id) {
        require(id, null);
        return store.history(id);
    }

    /**
     * The history entries one person made in {@code [from, to)}, oldest first: what an internal audit of
     * configuration management needs to know whether an auditor audits their own work (R-4.3b).
     */
    @Transactional(readOnly = true)
    public List<CiHistoryEntry> historyBy(String actor, java.time.Instant from, java.time.Instant to) {
        return actor == null ? List.of() : store.historyBy(actor, from, to);
    }

    /** Every CI history entry made in {@code [from, to)}, oldest first (R-9.1d evidence for the conformance report). */
    @Transactional(readOnly = true)
    public List<CiHistoryEntry> historyBetween(Instant from, Instant to) {
        return store.historyBetween(from, to);
    }

    /** The business services these CIs directly support (through {@code service_ci}), distinct and sorted. */
    @Transactional(readOnly = true)
    public List<String> servicesOf(Collection<String> ciIds) {
        return store.servicesOf(ciIds == null ? List.of() : ciIds.stream().filter(Objects::nonNull).distinct().toList());
    }

    /**
     * Impact analysis (R-9.1c) with every reached CI listed: what the product's own callers (change assessment,
     * incident forms) use. See {@link #impact(String, ImpactDirection, Integer, Integer)}.
     *
     * @param depth 1..{@value #MAX_DEPTH}; null means {@value #DEFAULT_DEPTH}
     */
    @Transactional(readOnly = true)
    public Impact impact(String ciId, ImpactDirection direction, Integer depth) {
        return analyse(ciId, direction, depth, Integer.MAX_VALUE);
    }

    /**
     * Impact analysis (R-9.1c), breadth-first: every CI within {@code depth} steps of the root in {@code direction}
     * is counted once at its shortest distance (cycles end, diamonds are not repeated); the answer holds the total,
     * counts per distance and per type, the services linked to the root or any reached CI (complete), and the first
     * {@code limit} reached CIs ordered by distance then id (Java string order), each with the relationship that
     * first reached it. The walk, the counts, the services and the "via" relationships come from the in-memory
     * {@link RelationshipGraph} when it holds the topology version this transaction reads; only the root and the
     * listed CIs' names and statuses are read from SQL. Otherwise one ids-only query per level, and only the listed
     * CIs' rows and relationships are read (issue 9); both give the same answer.
     *
     * @param depth 1..{@value #MAX_DEPTH}; null means {@value #DEFAULT_DEPTH}
     * @param limit 1..{@value #MAX_IMPACT_LIMIT}; null means {@value #DEFAULT_IMPACT_LIMIT}
     */
    @Transactional(readOnly = true)
    public Impact impact(String ciId, ImpactDirection direction, Integer depth, Integer limit) {
        int pageSize = limit == null ? DEFAULT_IMPACT_LIMIT : limit;
        if (pageSize < 1 || pageSize > MAX_IMPACT_LIMIT) {
            throw new InvalidFieldException("limit", "must be between 1 and " + MAX_IMPACT_LIMIT);
        }
        return analyse(ciId, direction, depth, pageSize);
    }

    private Impact analyse(String ciId, ImpactDirection direction, Integer depth, int limit) {
        int maxDepth = depth == null ? DEFAULT_DEPTH : depth;
        if (maxDepth < 1 || maxDepth > MAX_DEPTH) {
            throw new InvalidFieldException("depth", "must be between 1 and " + MAX_DEPTH);
        }
        if (direction == null) {
            throw new InvalidFieldException("direction", "is required; allowed: downstream, upstream, both");
        }
        // the root and the topology version in one round trip
        CiStore.Versioned root = rootWithTopologyVersion(ciId);
        return fromGraph(root, direction, maxDepth, limit)
                .orElseGet(() -> fromSql(root.ci(), direction, maxDepth, limit));
    }

    /** {@link #analyse} from SQL only (the fallback, and the reference the graph is tested against). */
    @Transactional(readOnly = true)
    Impact analyseWithSql(String ciId, ImpactDirection direction, int maxDepth, int limit) {
        return fromSql(require(ciId, null), direction, maxDepth, limit);
    }

    /** {@link #analyse} from the graph only; empty if the graph does not hold the version this transaction reads. */
    @Transactional(readOnly = true)
    Optional<Impact> analyseWithGraph(String ciId, ImpactDirection direction, int maxDepth, int limit) {
        return fromGraph(rootWithTopologyVersion(ciId), direction, maxDepth, limit);
    }

    private CiStore.Versioned rootWithTopologyVersion(String ciId) {
        return (ciId == null ? Optional.<CiStore.Versioned>empty() : store.findWithTopologyVersion(ciId))
                .orElseThrow(() -> new NotFoundException(WHAT, ciId, null));
    }

    /** The answer from the graph if it holds the topology version read with the root, else empty. */
    private Optional<Impact> fromGraph(CiStore.Versioned root, ImpactDirection direction, int maxDepth, int limit) {
        return graphs.current(root.topologyVersion())
                .flatMap(graph -> fromGraph(graph, root.ci(), direction, maxDepth, limit));
    }

    /**
     * The answer from the in-memory graph; empty if the graph does not know the root or a listed CI has gone
     * meanwhile (then the caller answers from SQL).
     */
    private Optional<Impact> fromGraph(RelationshipGraph graph, ConfigurationItem root, ImpactDirection direction,
            int maxDepth, int limit) {
        int rootIndex = graph.index(root.id());
        if (rootIndex < 0) {
            return Optional.empty();
        }
        RelationshipGraph.Walk walk = graph.walk(rootIndex, direction, maxDepth);
        List<Impact.DistanceCount> byDistance = new ArrayList<>();
        List<Integer> page = new ArrayList<>(Math.min(limit, walk.total()));
        for (int distance = 1; distance < walk.levels().length; distance++) {
            int[] level = walk.levels()[distance];
            if (level.length > 0) {
                byDistance.add(new Impact.DistanceCount(distance, level.length));
            }
            for (int i = 0; i < level.length && page.size() < limit; i++) {
                page.add(level[i]);
            }
        }
        List<String> pageIds = page.stream().map(graph::id).toList();
        Map<String, Impact.CiSummary> summaries = store.summaries(pageIds);
        if (summaries.size() != pageIds.size()) {
            return Optional.empty();
        }
        List<Impact.ImpactedCi> affected = new ArrayList<>(page.size());
        for (int index : page) {
            Impact.CiSummary ci = summaries.get(graph.id(index));
            affected.add(new Impact.ImpactedCi(ci.id(), ci.name(), ci.typeId(), ci.status(),
                    walk.distance(index), graph.via(index, walk, direction)));
        }
        return Optional.of(new Impact(new Impact.CiSummary(root.id(), root.name(), root.typeId(), root.status()),
                direction.apiName(), maxDepth, walk.total(), page.size() < walk.total(), byDistance,
                graph.typeCounts(walk), affected, graph.services(walk)));
    }

    private Impact fromSql(ConfigurationItem root, ImpactDirection direction, int maxDepth, int limit) {
        // reached CI id → shortest distance (root at 0); levels.get(d) = the CIs first reached at distance d, sorted
        Map<String, Integer> distances = new HashMap<>();
        distances.put(root.id(), 0);
        List<List<String>> levels = new ArrayList<>();
        levels.add(List.of(root.id()));
        List<String> frontier = levels.get(0);
        for (int distance = 1; distance <= maxDepth && !frontier.isEmpty(); distance++) {
            List<String> next = new ArrayList<>();
            for (String id : store.neighbourIds(frontier, direction)) {
                if (distances.putIfAbsent(id, distance) == null) {
                    next.add(id);
                }
            }
            next.sort(Comparator.naturalOrder());
            levels.add(next);
            frontier = next;
        }
        List<String> reached = new ArrayList<>(distances.size());
        List<Impact.DistanceCount> byDistance = new ArrayList<>();
        for (int distance = 1; distance < levels.size(); distance++) {
            if (!levels.get(distance).isEmpty()) {
                reached.addAll(levels.get(distance));
                byDistance.add(new Impact.DistanceCount(distance, levels.get(distance).size()));
            }
        }
        List<Impact.TypeCount> byType = new ArrayList<>();
        store.typeCounts(reached).forEach((type, count) -> byType.add(new Impact.TypeCount(type, count)));
        List<String> page = reached.size() > limit ? reached.subList(0, limit) : reached;
        Map<String, CiRelationship> via = firstReachedBy(page, distances, direction);
        Map<String, Impact.CiSummary> summaries = store.summaries(page);
        List<Impact.ImpactedCi> affected = new ArrayList<>(page.size());
        for (String id : page) {
            Impact.CiSummary ci = summaries.get(id);
            affected.add(new Impact.ImpactedCi(id, ci.name(), ci.typeId(), ci.status(), distances.get(id), via.get(id)));
        }
        return new Impact(new Impact.CiSummary(root.id(), root.name(), root.typeId(), root.status()),
                direction.apiName(), maxDepth, reached.size(), page.size() < reached.size(), byDistance, byType,
                affected, sorted(store.servicesOf(distances.keySet())));
    }

    /**
     * For each listed CI at distance d, the relationship that first reached it: the first (by source, type, target)
     * relationship in {@code direction} from a CI at distance d - 1. Read by following the listed CIs' relationships
     * in the opposite direction, so only the listed CIs' relationships are read.
     */
    private Map<String, CiRelationship> firstReachedBy(List<String> page, Map<String, Integer> distances,
            ImpactDirection direction) {
        if (page.isEmpty()) {
            return Map.of();
        }
        ImpactDirection reverse = switch (direction) {
            case DOWNSTREAM -> ImpactDirection.UPSTREAM;
            case UPSTREAM -> ImpactDirection.DOWNSTREAM;
            case BOTH -> ImpactDirection.BOTH;
        };
        Set<String> listed = new HashSet<>(page);
        Map<String, CiRelationship> via = new HashMap<>();
        for (CiStore.Step step : store.neighbours(page, reverse)) {
            CiRelationship relationship = step.relationship();
            // the step goes from a listed CI to step.neighbour(); the listed CI is the relationship's other end
            String ci = step.neighbour().equals(relationship.targetCiId()) ? relationship.sourceCiId()
                    : relationship.targetCiId();
            Integer distance = distances.get(ci);
            Integer from = distances.get(step.neighbour());
            if (!listed.contains(ci) || distance == null || from == null || from != distance - 1) {
                continue;
            }
            via.merge(ci, relationship, (a, b) -> RELATIONSHIP_ORDER.compare(a, b) <= 0 ? a : b);
        }
        return via;
    }

    // --- writes ----------------------------------------------------------------------------------------------

    /**
     * Records a new CI at version 1 with a CREATED history entry naming its initial values.
     *
     * @param actor     the user or system that made the change
     * @param reason    why (free text, optional)
     * @param changeRef the change record this was done under ({@code CHG-000045}), or null
     */
    @Transactional
    public ConfigurationItem create(NewCi ci, String actor, String reason, String changeRef) {
        if (ci == null) {
            throw new InvalidFieldException("body", "is required");
        }
        checkAudit(actor, changeRef);
        String id = ci.id() == null ? null : ci.id().trim();
        if (id == null || id.isEmpty()) {
            throw new InvalidFieldException("id", "is required");
        }
        if (id.length() > 64 || !CI_ID.matcher(id).matches()) {
            throw new InvalidFieldException("id", "must be upper-case letters and digits in dash-separated groups "
                    + "(like SRV-ERP-01), at most 64 characters");
        }
        Instant now = now();
        ConfigurationItem created = new ConfigurationItem(id, name(ci.name()), type(ci.typeId()),
                ci.status() == null ? CiStatus.PLANNED : ci.status(), 1, optional(ci.location(), "location", 200),
                optional(ci.ownerGroup(), "ownerGroup", 64), attributes(ci.attributes()),
                url(ci.documentationUrl()), now, now);
        if (store.find(id).isPresent()) {
            throw new ConflictException(WHAT + " '" + id + "' already exists");
        }
        store.insert(created);
        store.appendHistory(id, 1, now, actor, HistoryAction.CREATED, diff(null, created), blankToNull(reason),
                blankToNull(changeRef));
        return created;
    }

    /**
     * Applies {@code changes} if the CI is still at {@code changes.expectedVersion()} (else 409), raising its version
     * by one and appending an UPDATED history entry with each changed field's from/to. A request that changes
     * nothing leaves the CI and its history as they are.
     */
    @Transactional
    public ConfigurationItem update(String id, CiChanges changes, String actor, String reason, String changeRef) {
        if (changes == null) {
            throw new InvalidFieldException("body", "is required");
        }
        checkAudit(actor, changeRef);
        ConfigurationItem current = require(id, null);
        if (current.version() != changes.expectedVersion()) {
            throw new ConflictException(staleMessage(id, changes.expectedVersion(), current.version()));
        }
        ConfigurationItem proposed = new ConfigurationItem(current.id(),
                changes.name() == null ? current.name() : name(changes.name()),
                changes.typeId() == null ? current.typeId() : type(changes.typeId()),
                changes.status() == null ? current.status() : changes.status(),
                current.version(),
                changes.location() == null ? current.location() : optional(changes.location(), "location", 200),
                changes.ownerGroup() == null ? current.ownerGroup() : optional(changes.ownerGroup(), "ownerGroup", 64),
                changes.attributes() == null ? current.attributes() : attributes(changes.attributes()),
                changes.documentationUrl() == null ? current.documentationUrl() : url(changes.documentationUrl()),
                current.createdAt(), current.updatedAt());
        Map<String, FieldChange> diff = diff(current, proposed);
        if (diff.isEmpty()) {
            return current;
        }
        Instant now = now();
        ConfigurationItem updated = new ConfigurationItem(proposed.id(), proposed.name(), proposed.typeId(),
                proposed.status(), current.version() + 1, proposed.location(), proposed.ownerGroup(),
                proposed.attributes(), proposed.documentationUrl(), current.createdAt(), now);
        if (!store.update(updated, current.version(), !Objects.equals(current.typeId(), updated.typeId()))) {
            throw new ConflictException(WHAT + " '" + id + "' was changed by someone else at the same time; "
                    + "read it again and retry");
        }
        store.appendHistory(id, updated.version(), now, actor, HistoryAction.UPDATED, diff, blankToNull(reason),
                blankToNull(changeRef));
        return updated;
    }

    /**
     * Records "source type target" ({@code APP-ERP RUNS_ON SRV-ERP-01}). The relationship is part of the source CI's
     * record, so the source gets a new version and a RELATIONSHIP_ADDED history entry. 409 if it exists already.
     */
    @Transactional
    public CiRelationship relate(String sourceCiId, RelationshipType type, String targetCiId, String actor,
            String reason, String changeRef) {
        CiRelationship relationship = relationship(sourceCiId, type, targetCiId, actor, changeRef);
        if (store.relationshipExists(relationship)) {
            throw new ConflictException("Relationship " + relationship.describe() + " already exists");
        }
        store.insertRelationship(relationship);
        recordOnSource(relationship, HistoryAction.RELATIONSHIP_ADDED, new FieldChange(null, relationship.describe()),
                actor, reason, changeRef);
        return relationship;
    }

    /** Removes "source type target"; the source gets a new version and a RELATIONSHIP_REMOVED entry. 404 if absent. */
    @Transactional
    public CiRelationship unrelate(String sourceCiId, RelationshipType type, String targetCiId, String actor,
            String reason, String changeRef) {
        CiRelationship relationship = relationship(sourceCiId, type, targetCiId, actor, changeRef);
        if (!store.deleteRelationship(relationship)) {
            throw new NotFoundException("Relationship", relationship.describe());
        }
        recordOnSource(relationship, HistoryAction.RELATIONSHIP_REMOVED, new FieldChange(relationship.describe(), null),
                actor, reason, changeRef);
        return relationship;
    }

    /**
     * Records that the CI directly supports business service {@code serviceId} (idempotent: an existing link is
     * left as it is). The CI gets a new version and a SERVICE_LINKED history entry.
     */
    @Transactional
    public void linkService(String ciId, String serviceId, String actor, String reason, String changeRef) {
        checkAudit(actor, changeRef);
        String service = blankToNull(serviceId);
        if (service == null || service.length() > 64) {
            throw new InvalidFieldException("serviceId", "is required, at most 64 characters");
        }
        ConfigurationItem ci = require(ciId, "ciId");
        if (store.servicesOf(List.of(ci.id())).contains(service)) {
            return;
        }
        store.linkService(service, ci.id());
        Instant now = now();
        if (!store.bumpVersion(ci.id(), ci.version(), now)) {
            throw new ConflictException(WHAT + " '" + ci.id() + "' was changed by someone else at the same time; retry");
        }
        store.appendHistory(ci.id(), ci.version() + 1, now, actor, HistoryAction.SERVICE_LINKED,
                Map.of("service", new FieldChange(null, service)), blankToNull(reason), blankToNull(changeRef));
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    /** Java string order, as the graph sorts (the database's collation may order ids differently). */
    private static List<String> sorted(List<String> ids) {
        List<String> copy = new ArrayList<>(ids);
        copy.sort(Comparator.naturalOrder());
        return copy;
    }

    private CiRelationship relationship(String sourceCiId, RelationshipType type, String targetCiId, String actor,
            String changeRef) {
        checkAudit(actor, changeRef);
        if (type == null) {
            throw new InvalidFieldException("type", "is required; allowed: " + List.of(RelationshipType.values()));
        }
        require(sourceCiId, "sourceCiId");
        require(targetCiId, "targetCiId");
        if (sourceCiId.equals(targetCiId)) {
            throw new InvalidFieldException("targetCiId", "must differ from sourceCiId: a CI cannot relate to itself");
        }
        return new CiRelationship(sourceCiId, type, targetCiId);
    }

    private void recordOnSource(CiRelationship relationship, HistoryAction action, FieldChange change, String actor,
            String reason, String changeRef) {
        ConfigurationItem source = require(relationship.sourceCiId(), "sourceCiId");
        Instant now = now();
        if (!store.bumpVersion(source.id(), source.version(), now)) {
            throw new ConflictException(WHAT + " '" + source.id() + "' was changed by someone else at the same time; "
                    + "retry");
        }
        store.appendHistory(source.id(), source.version() + 1, now, actor, action, Map.of("relationship", change),
                blankToNull(reason), blankToNull(changeRef));
    }

    /** Field → from/to for every field that differs; {@code before == null} lists the initial values. */
    private static Map<String, FieldChange> diff(ConfigurationItem before, ConfigurationItem after) {
        Map<String, Object> old = before == null ? Map.of() : fields(before);
        Map<String, FieldChange> diff = new LinkedHashMap<>();
        fields(after).forEach((field, value) -> {
            Object previous = old.get(field);
            if (!Objects.equals(previous, value)) {
                diff.put(field, new FieldChange(previous, value));
            }
        });
        return diff;
    }

    private static Map<String, Object> fields(ConfigurationItem ci) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", ci.name());
        fields.put("typeId", ci.typeId());
        fields.put("status", ci.status() == null ? null : ci.status().name());
        fields.put("location", ci.location());
        fields.put("ownerGroup", ci.ownerGroup());
        fields.put("attributes", ci.attributes() == null || ci.attributes().isEmpty() ? null : ci.attributes());
        fields.put("documentationUrl", ci.documentationUrl());
        return fields;
    }

    private static void checkAudit(String actor, String changeRef) {
        if (actor == null || actor.isBlank()) {
            throw new InvalidFieldException("actor", "is required: every CMDB change names who made it");
        }
        if (actor.length() > 64) {
            throw new InvalidFieldException("actor", "must be at most 64 characters");
        }
        if (changeRef != null && !changeRef.isBlank()
                && (changeRef.length() > 32 || !CHANGE_REF.matcher(changeRef.trim()).matches())) {
            throw new InvalidFieldException("changeRef", "must be a change record id like CHG-000045");
        }
    }

    private static String name(String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidFieldException("name", "is required");
        }
        if (value.trim().length() > 200) {
            throw new InvalidFieldException("name", "must be at most 200 characters");
        }
        return value.trim();
    }

    private String type(String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidFieldException("typeId", "is required; allowed: " + typeIds());
        }
        if (!store.typeExists(value.trim())) {
            throw new InvalidFieldException("typeId", "'" + value + "' is not a CI type; allowed: " + typeIds());
        }
        return value.trim();
    }

    private String typeIds() {
        return String.join(", ", store.types().stream().map(CiType::id).toList());
    }

    private static String optional(String value, String field, int maxLength) {
        String trimmed = blankToNull(value);
        if (trimmed != null && trimmed.length() > maxLength) {
            throw new InvalidFieldException(field, "must be at most " + maxLength + " characters");
        }
        return trimmed;
    }

    private static String url(String value) {
        String trimmed = optional(value, "documentationUrl", 2000);
        if (trimmed == null) {
            return null;
        }
        try {
            URI uri = new URI(trimmed);
            if (uri.getScheme() == null || !Set.of("http", "https").contains(uri.getScheme().toLowerCase())
                    || uri.getHost() == null) {
                throw new InvalidFieldException("documentationUrl", "must be an absolute http(s) URL");
            }
        } catch (URISyntaxException e) {
            throw new InvalidFieldException("documentationUrl", "must be an absolute http(s) URL");
        }
        return trimmed;
    }

    /** Normalises attributes through JSON, so what is compared is what is stored and read back. */
    private Map<String, Object> attributes(Map<String, Object> value) {
        if (value == null) {
            return Map.of();
        }
        try {
            Map<String, Object> normalised = json.readValue(json.writeValueAsString(value), OBJECT);
            return normalised == null ? Map.of() : normalised;
        } catch (Exception e) {
            throw new InvalidFieldException("attributes", "must be a JSON object of plain values");
        }
    }

    private static String staleMessage(String id, int expected, int actual) {
        return WHAT + " '" + id + "' is at version " + actual + ", not " + expected
                + "; read it again and apply the change to the current version";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** Microsecond precision: what PostgreSQL stores is what the caller gets back. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

}
