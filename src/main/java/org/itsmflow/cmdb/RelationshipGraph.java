package org.itsmflow.cmdb;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The CMDB topology held in memory, ids only and read-only, as it was at one topology version (R-9.1c, issue 9): what
 * impact analysis walks, so a depth-5 walk over thousands of CIs costs microseconds per CI instead of an index probe
 * each in PostgreSQL.
 * <ul>
 * <li>CIs by index: ids sorted by {@link String#compareTo}, so index order is id order (the order the SQL path lists
 * a level in); the CI's type per index, type ids sorted the same way (so counts by type come out in id order).</li>
 * <li>Relationships both ways in compressed sparse rows: for each CI its outgoing (target, type) and incoming
 * (source, type) relationships in two int arrays with the type's ordinal beside each, so a step follows exactly the
 * relationships {@code CiStore.walk} follows (CONNECTED_TO both ways).</li>
 * <li>Service links the same way: for each CI the indexes of the services it directly supports, service ids
 * sorted.</li>
 * </ul>
 * 100k CIs and 500k relationships take about 15 MB (ids ~8 MB, the rest int and byte arrays). Built by
 * {@link Builder} from one streamed read of each table; answers are computed by {@link #walk} and the methods that
 * take its {@link Walk}. Thread-safe: nothing is written after {@link Builder#build}.
 */
final class RelationshipGraph {

    private static final RelationshipType[] TYPES = RelationshipType.values();
    private static final byte CONNECTED_TO = (byte) RelationshipType.CONNECTED_TO.ordinal();

    private final long version;
    private final String[] ids;
    private final short[] typeOf;
    private final String[] typeIds;
    private final int[] outStart;
    private final int[] outTarget;
    private final byte[] outType;
    private final int[] inStart;
    private final int[] inSource;
    private final byte[] inType;
    private final int[] serviceStart;
    private final int[] services;
    private final String[] serviceIds;

    private RelationshipGraph(long version, String[] ids, short[] typeOf, String[] typeIds, int[] outStart,
            int[] outTarget, byte[] outType, int[] inStart, int[] inSource, byte[] inType, int[] serviceStart,
            int[] services, String[] serviceIds) {
        this.version = version;
        this.ids = ids;
        this.typeOf = typeOf;
        this.typeIds = typeIds;
        this.outStart = outStart;
        this.outTarget = outTarget;
        this.outType = outType;
        this.inStart = inStart;
        this.inSource = inSource;
        this.inType = inType;
        this.serviceStart = serviceStart;
        this.services = services;
        this.serviceIds = serviceIds;
    }

    /** The topology version this graph shows (the counter in {@code cmdb_topology_version}). */
    long version() {
        return version;
    }

    int cis() {
        return ids.length;
    }

    int relationships() {
        return outTarget.length;
    }

    int serviceLinks() {
        return services.length;
    }

    /** Rough heap size in bytes (arrays, and the id strings at ~48 bytes plus their characters). */
    long approximateBytes() {
        long bytes = 16L * ids.length + 2L * typeOf.length + 4L * (outStart.length + inStart.length
                + serviceStart.length) + 5L * (outTarget.length + inSource.length) + 4L * services.length;
        for (String id : ids) {
            bytes += 48 + id.length();
        }
        return bytes;
    }

    /** The index of a CI, or -1 if this graph does not know it. */
    int index(String id) {
        int index = Arrays.binarySearch(ids, id);
        return index >= 0 ? index : -1;
    }

    String id(int index) {
        return ids[index];
    }

    /**
     * The CIs reached from {@code root} within {@code depth} steps in {@code direction}, breadth-first, each once at
     * its shortest distance: {@code levels[d]} holds the CIs first reached at distance d in id order ({@code
     * levels[0]} is the root); {@code distancePlusOne[i]} is CI i's distance + 1, 0 if not reached (a byte: depth is
     * at most {@value CmdbService#MAX_DEPTH}, and 100 kB for 100k CIs stay in the CPU's cache).
     */
    record Walk(int[][] levels, byte[] distancePlusOne, int total) {

        int distance(int ci) {
            return distancePlusOne[ci] - 1;
        }
    }

    /**
     * The walk. A step's relationship type is tested before the neighbour's distance (the random memory access), and
     * each level is collected in a bitmap over the indexes, which hands it out in id order without sorting.
     */
    Walk walk(int root, ImpactDirection direction, int depth) {
        if (depth > Byte.MAX_VALUE - 1) {
            throw new IllegalArgumentException("depth " + depth);
        }
        boolean allOut = direction != ImpactDirection.DOWNSTREAM;
        boolean allIn = direction != ImpactDirection.UPSTREAM;
        byte[] distancePlusOne = new byte[ids.length];
        long[] level = new long[(ids.length + 63) >>> 6];
        distancePlusOne[root] = 1;
        List<int[]> levels = new ArrayList<>();
        int[] frontier = {root};
        levels.add(frontier);
        int total = 0;
        for (int distance = 1; distance <= depth && frontier.length > 0; distance++) {
            byte mark = (byte) (distance + 1);
            int count = 0;
            int lowest = Integer.MAX_VALUE;
            int highest = -1;
            for (int ci : frontier) {
                // forwards (the CI is the source): every relationship upstream or both ways, else CONNECTED_TO
                for (int e = outStart[ci], end = outStart[ci + 1]; e < end; e++) {
                    if (allOut || outType[e] == CONNECTED_TO) {
                        int neighbour = outTarget[e];
                        if (distancePlusOne[neighbour] == 0) {
                            distancePlusOne[neighbour] = mark;
                            level[neighbour >>> 6] |= 1L << neighbour;
                            lowest = Math.min(lowest, neighbour);
                            highest = Math.max(highest, neighbour);
                            count++;
                        }
                    }
                }
                // backwards (the CI is the target): every relationship downstream or both ways, else CONNECTED_TO
                for (int e = inStart[ci], end = inStart[ci + 1]; e < end; e++) {
                    if (allIn || inType[e] == CONNECTED_TO) {
                        int neighbour = inSource[e];
                        if (distancePlusOne[neighbour] == 0) {
                            distancePlusOne[neighbour] = mark;
                            level[neighbour >>> 6] |= 1L << neighbour;
                            lowest = Math.min(lowest, neighbour);
                            highest = Math.max(highest, neighbour);
                            count++;
                        }
                    }
                }
            }
            frontier = new int[count];
            int k = 0;
            for (int word = lowest >>> 6, last = highest >>> 6; count > 0 && word <= last; word++) {
                long bits = level[word];
                if (bits != 0) {
                    level[word] = 0;
                    while (bits != 0) {
                        frontier[k++] = (word << 6) + Long.numberOfTrailingZeros(bits);
                        bits &= bits - 1;
                    }
                }
            }
            levels.add(frontier);
            total += count;
        }
        return new Walk(levels.toArray(int[][]::new), distancePlusOne, total);
    }

    /** How many reached CIs (root excluded) are of each type, in type id order; types without any are left out. */
    List<Impact.TypeCount> typeCounts(Walk walk) {
        int[] counts = new int[typeIds.length];
        for (int level = 1; level < walk.levels().length; level++) {
            for (int ci : walk.levels()[level]) {
                counts[typeOf[ci]]++;
            }
        }
        List<Impact.TypeCount> byType = new ArrayList<>();
        for (int type = 0; type < counts.length; type++) {
            if (counts[type] > 0) {
                byType.add(new Impact.TypeCount(typeIds[type], counts[type]));
            }
        }
        return byType;
    }

    /** The services linked to the root or any reached CI, distinct, in id order. */
    List<String> services(Walk walk) {
        boolean[] linked = new boolean[serviceIds.length];
        for (int[] level : walk.levels()) {
            for (int ci : level) {
                for (int s = serviceStart[ci], end = serviceStart[ci + 1]; s < end; s++) {
                    linked[services[s]] = true;
                }
            }
        }
        List<String> result = new ArrayList<>();
        for (int service = 0; service < linked.length; service++) {
            if (linked[service]) {
                result.add(serviceIds[service]);
            }
        }
        return result;
    }

    /**
     * The relationship that first reached CI {@code ci} (distance d ≥ 1): the first by (source, type, target) of the
     * relationships in {@code direction} from a CI at distance d - 1 to it, as {@code CmdbService.firstReachedBy}
     * defines it. A step from u to ci runs backwards over a relationship "ci → u" (downstream, both) or CONNECTED_TO,
     * and forwards over "u → ci" (upstream, both) or CONNECTED_TO, so from ci's side: its outgoing relationships
     * when the walk follows relationships backwards, its incoming ones when it follows them forwards.
     */
    CiRelationship via(int ci, Walk walk, ImpactDirection direction) {
        byte[] distancePlusOne = walk.distancePlusOne();
        int previous = distancePlusOne[ci] - 1; // (d - 1) + 1
        boolean allOut = direction != ImpactDirection.DOWNSTREAM;
        boolean allIn = direction != ImpactDirection.UPSTREAM;
        int bestSource = -1;
        int bestType = 0;
        int bestTarget = 0;
        // outgoing "ci type u": a backwards step from u
        for (int e = outStart[ci], end = outStart[ci + 1]; e < end; e++) {
            int u = outTarget[e];
            if (distancePlusOne[u] == previous && (allIn || outType[e] == CONNECTED_TO)
                    && (bestSource < 0 || before(ci, outType[e], u, bestSource, bestType, bestTarget))) {
                bestSource = ci;
                bestType = outType[e];
                bestTarget = u;
            }
        }
        // incoming "u type ci": a forwards step from u
        for (int e = inStart[ci], end = inStart[ci + 1]; e < end; e++) {
            int u = inSource[e];
            if (distancePlusOne[u] == previous && (allOut || inType[e] == CONNECTED_TO)
                    && (bestSource < 0 || before(u, inType[e], ci, bestSource, bestType, bestTarget))) {
                bestSource = u;
                bestType = inType[e];
                bestTarget = ci;
            }
        }
        return bestSource < 0 ? null : new CiRelationship(ids[bestSource], TYPES[bestType], ids[bestTarget]);
    }

    private static boolean before(int source, int type, int target, int bestSource, int bestType, int bestTarget) {
        if (source != bestSource) {
            return source < bestSource;
        }
        if (type != bestType) {
            return type < bestType;
        }
        return target < bestTarget;
    }

    /**
     * Collects one streamed read of the topology: every CI first ({@link #ci}), then relationships and service links
     * in any order. Relationships or links naming a CI that was not read, or an unknown relationship type, fail the
     * build (the foreign keys make that impossible in one consistent read).
     */
    static final class Builder {

        private final long version;
        private final List<String> ciIds = new ArrayList<>();
        private final List<String> ciTypes = new ArrayList<>();
        private String[] ids;
        private short[] typeOf;
        private String[] typeIds;
        private Map<String, Integer> indexes;
        private int relationships;
        private int[] sources = new int[1024];
        private int[] targets = new int[1024];
        private byte[] types = new byte[1024];
        private final Map<String, Integer> relationshipTypes = new HashMap<>();
        private int links;
        private int[] linkCis = new int[256];
        private String[] linkServices = new String[256];

        Builder(long version) {
            this.version = version;
            for (RelationshipType type : TYPES) {
                relationshipTypes.put(type.name(), type.ordinal());
            }
        }

        void ci(String id, String typeId) {
            if (ids != null) {
                throw new IllegalStateException("CIs must be read before relationships and service links");
            }
            ciIds.add(id);
            ciTypes.add(typeId);
        }

        void relationship(String source, String type, String target) {
            indexCis();
            Integer ordinal = relationshipTypes.get(type);
            if (ordinal == null) {
                throw new IllegalStateException("Unknown relationship type '" + type + "'");
            }
            if (relationships == sources.length) {
                sources = Arrays.copyOf(sources, relationships * 2);
                targets = Arrays.copyOf(targets, relationships * 2);
                types = Arrays.copyOf(types, relationships * 2);
            }
            sources[relationships] = indexOf(source);
            targets[relationships] = indexOf(target);
            types[relationships] = (byte) (int) ordinal;
            relationships++;
        }

        void serviceLink(String ciId, String serviceId) {
            indexCis();
            if (links == linkCis.length) {
                linkCis = Arrays.copyOf(linkCis, links * 2);
                linkServices = Arrays.copyOf(linkServices, links * 2);
            }
            linkCis[links] = indexOf(ciId);
            linkServices[links] = serviceId;
            links++;
        }

        RelationshipGraph build() {
            indexCis();
            int n = ids.length;
            int[] outStart = new int[n + 1];
            int[] inStart = new int[n + 1];
            for (int r = 0; r < relationships; r++) {
                outStart[sources[r] + 1]++;
                inStart[targets[r] + 1]++;
            }
            for (int i = 0; i < n; i++) {
                outStart[i + 1] += outStart[i];
                inStart[i + 1] += inStart[i];
            }
            int[] outTarget = new int[relationships];
            byte[] outType = new byte[relationships];
            int[] inSource = new int[relationships];
            byte[] inType = new byte[relationships];
            int[] outFill = Arrays.copyOf(outStart, n);
            int[] inFill = Arrays.copyOf(inStart, n);
            for (int r = 0; r < relationships; r++) {
                int o = outFill[sources[r]]++;
                outTarget[o] = targets[r];
                outType[o] = types[r];
                int i = inFill[targets[r]]++;
                inSource[i] = sources[r];
                inType[i] = types[r];
            }
            sources = null;
            targets = null;
            types = null;
            String[] serviceIds = new TreeSet<>(Arrays.asList(linkServices).subList(0, links)).toArray(String[]::new);
            int[] serviceStart = new int[n + 1];
            for (int l = 0; l < links; l++) {
                serviceStart[linkCis[l] + 1]++;
            }
            for (int i = 0; i < n; i++) {
                serviceStart[i + 1] += serviceStart[i];
            }
            int[] services = new int[links];
            int[] serviceFill = Arrays.copyOf(serviceStart, n);
            for (int l = 0; l < links; l++) {
                services[serviceFill[linkCis[l]]++] = Arrays.binarySearch(serviceIds, linkServices[l]);
            }
            return new RelationshipGraph(version, ids, typeOf, typeIds, outStart, outTarget, outType, inStart,
                    inSource, inType, serviceStart, services, serviceIds);
        }

        private int indexOf(String id) {
            Integer index = indexes.get(id);
            if (index == null) {
                throw new IllegalStateException("CI '" + id + "' is related or linked but was not read");
            }
            return index;
        }

        /** After the last CI: ids sorted (index order = id order), their types, and id → index for the rest. */
        private void indexCis() {
            if (ids != null) {
                return;
            }
            int n = ciIds.size();
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> ciIds.get(a).compareTo(ciIds.get(b)));
            typeIds = new TreeSet<>(ciTypes).toArray(String[]::new);
            if (typeIds.length > Short.MAX_VALUE) {
                throw new IllegalStateException("More than " + Short.MAX_VALUE + " CI types");
            }
            ids = new String[n];
            typeOf = new short[n];
            indexes = new HashMap<>(n * 2);
            for (int i = 0; i < n; i++) {
                ids[i] = ciIds.get(order[i]);
                typeOf[i] = (short) Arrays.binarySearch(typeIds, ciTypes.get(order[i]));
                indexes.put(ids[i], i);
            }
            ciIds.clear();
            ciTypes.clear();
        }
    }
}
