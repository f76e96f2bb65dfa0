package org.itsmflow.platform;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * The records linked to a record, near and far: an incident's problem, and through the problem its known error, the
 * change that fixes it and the release that deploys the change; complaints about the incident. Links are followed up
 * to {@link #DEPTH} steps from the record; records of the record's own kind are listed only when linked directly (an
 * incident's page does not list every other incident of its problem, a problem's page lists its incidents).
 */
@Component
public class LinkedRecords {

    /** How many links away a record may be and still be listed (incident → problem → change → release). */
    static final int DEPTH = 3;
    /** At most this many linked records on one page: a problem with a thousand incidents lists the first ones. */
    static final int LIMIT = 200;

    private final List<RecordLinks> sources;
    private final OwnRecords ownRecords;

    LinkedRecords(List<RecordLinks> sources, OwnRecords ownRecords) {
        this.sources = List.copyOf(sources);
        this.ownRecords = ownRecords;
    }

    /**
     * A record linked to the one asked about: its id, kind and API path, the recorded link that leads to it
     * ({@code from relation to}), and {@code via}, the record through which it was reached (null when linked
     * directly).
     */
    public record LinkedRecord(String id, String kind, String href, String from, String relation, String to,
            String via) {
    }

    /** The records linked to {@code recordId}, nearest first, each once. */
    public List<LinkedRecord> of(String recordId) {
        Map<String, LinkedRecord> found = new LinkedHashMap<>();
        Deque<Step> queue = new ArrayDeque<>();
        queue.add(new Step(recordId, 0));
        String ownKind = kind(recordId);
        while (!queue.isEmpty() && found.size() < LIMIT) {
            Step next = queue.poll();
            String current = next.record();
            int depth = next.depth();
            for (RecordLinks source : sources) {
                for (RecordLinks.RecordLink link : source.linksOf(current)) {
                    String other = link.from().equals(current) ? link.to() : link.from();
                    if (other == null || other.equals(recordId) || found.containsKey(other)
                            || (depth > 0 && kind(other).equals(ownKind)) || found.size() >= LIMIT) {
                        continue;
                    }
                    String via = depth == 0 ? null : current;
                    found.put(other, new LinkedRecord(other, kind(other), href(other), link.from(), link.relation(),
                            link.to(), via));
                    if (depth + 1 < DEPTH) {
                        queue.add(new Step(other, depth + 1));
                    }
                }
            }
        }
        return List.copyOf(found.values());
    }

    /**
     * What the caller may see of the links: staff all of them; a customer only the records that are their own and
     * linked directly (their complaint about their incident), never the internal records behind them (problems,
     * known errors, others' changes), which are not even confirmed to exist.
     */
    public List<LinkedRecord> visibleTo(Authentication caller, List<LinkedRecord> links) {
        if (!ApiRoles.customerView(caller)) {
            return links;
        }
        List<LinkedRecord> own = new ArrayList<>();
        for (LinkedRecord link : links) {
            if (link.via() == null && ownRecords.owns(caller.getName(), link.id())) {
                own.add(link);
            }
        }
        return List.copyOf(own);
    }

    private record Step(String record, int depth) {
    }

    /** The kind of record an id names, by its prefix. */
    static String kind(String id) {
        return switch (prefix(id)) {
            case "INC" -> "incident";
            case "PRB" -> "problem";
            case "KE" -> "known error";
            case "CHG" -> "change";
            case "REL" -> "release";
            case "CMP" -> "complaint";
            default -> "record";
        };
    }

    /** Where the API shows the record. */
    static String href(String id) {
        return switch (prefix(id)) {
            case "INC" -> "/api/incidents/" + id;
            case "PRB" -> "/api/problems/" + id;
            case "KE" -> "/api/known-errors/" + id;
            case "CHG" -> "/api/changes/" + id;
            case "REL" -> "/api/releases/" + id;
            case "CMP" -> "/api/complaints/" + id;
            default -> null;
        };
    }

    private static String prefix(String id) {
        int dash = id == null ? -1 : id.indexOf('-');
        return dash < 0 ? "" : id.substring(0, dash);
    }
}
