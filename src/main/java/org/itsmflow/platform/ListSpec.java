package org.itsmflow.platform;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a record list may be filtered and sorted by: each query parameter's column and kind, the sortable fields, the
 * columns that free text ({@code q}) searches. One declaration per list; {@link RecordSearch} turns a request's
 * parameters into SQL from it. Column names come from here only, never from the request.
 *
 * @param table the record table
 * @param filters query parameter → filter
 * @param sorts sort field (as the client names it) → column
 * @param defaultSort the sort when none is asked for, e.g. {@code -updated}
 * @param textColumns the columns {@code q} searches, in the order of the full-text index expression
 */
public record ListSpec(String table, Map<String, Filter> filters, Map<String, String> sorts, String defaultSort,
        List<String> textColumns) {

    /** Parameters every list understands besides its filters. */
    public static final Set<String> PAGING = Set.of("q", "sort", "page", "size");

    /** How a parameter filters. */
    public enum Kind {
        /** comma list of values, any of which matches; values checked against {@link Filter#allowed} when given */
        ANY_OF,
        /** the column at or after an instant or date */
        FROM,
        /** the column before an instant (a date: before the end of that day) */
        TO,
        /** understood by the list's own code (e.g. a task's assignee), not by a column */
        CUSTOM
    }

    /**
     * A filter: its column, its kind, (for {@link Kind#ANY_OF}) the values allowed, or null for any value, and names
     * that stand for several values ({@code OPEN} for every status not yet resolved or closed).
     */
    public record Filter(String column, Kind kind, Set<String> allowed, Map<String, List<String>> aliases) {
    }

    public static Builder of(String table) {
        return new Builder(table);
    }

    /** The parameters this list accepts, for error messages. */
    public Set<String> parameters() {
        Set<String> names = new TreeSet<>(filters.keySet());
        names.addAll(PAGING);
        return names;
    }

    public static final class Builder {
        private final String table;
        private final Map<String, Filter> filters = new LinkedHashMap<>();
        private final Map<String, String> sorts = new LinkedHashMap<>();
        private String defaultSort;
        private List<String> textColumns = List.of();

        private Builder(String table) {
            this.table = table;
        }

        /** {@code param=a,b}: the column holds one of the values, each one of {@code allowed}. */
        public Builder oneOf(String param, String column, Collection<String> allowed) {
            return oneOf(param, column, allowed, Map.of());
        }

        /** As {@link #oneOf(String, String, Collection)}, with names that stand for several allowed values. */
        public Builder oneOf(String param, String column, Collection<String> allowed,
                Map<String, List<String>> aliases) {
            filters.put(param, new Filter(column, Kind.ANY_OF, Set.copyOf(allowed), Map.copyOf(aliases)));
            return this;
        }

        /** {@code param=a,b}: the column holds one of the values, whatever they are. */
        public Builder anyOf(String param, String column) {
            filters.put(param, new Filter(column, Kind.ANY_OF, null, Map.of()));
            return this;
        }

        /** {@code <prefix>From} and {@code <prefix>To}: a range of the timestamp column. */
        public Builder range(String prefix, String column) {
            filters.put(prefix + "From", new Filter(column, Kind.FROM, null, Map.of()));
            filters.put(prefix + "To", new Filter(column, Kind.TO, null, Map.of()));
            return this;
        }

        /** A parameter the list's own code applies (it reads the values through {@link RecordSearch.Query}). */
        public Builder custom(String param) {
            filters.put(param, new Filter(null, Kind.CUSTOM, null, Map.of()));
            return this;
        }

        public Builder sort(String field, String column) {
            sorts.put(field, column);
            return this;
        }

        public Builder defaultSort(String sort) {
            this.defaultSort = sort;
            return this;
        }

        public Builder text(String... columns) {
            this.textColumns = List.of(columns);
            return this;
        }

        public ListSpec build() {
            return new ListSpec(table, Map.copyOf(filters), Map.copyOf(sorts), defaultSort, textColumns);
        }
    }
}
