package org.itsmflow.platform;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;

/**
 * Turns a list request's query parameters into one SQL query of a record table, by its {@link ListSpec}: filters
 * ({@code status=OPEN,IN_PROGRESS}, ranges {@code createdFrom}/{@code createdTo}), free text {@code q}, sort
 * ({@code sort=-updated}) and page ({@code page} from 0, {@code size} 1–200, default 20), with the total of all
 * pages. Every parameter is checked before anything is read: an unknown parameter or a bad value is a 400 naming it.
 *
 * <p>Free text has one query path per database, chosen at start: on PostgreSQL a full-text match,
 * {@code to_tsvector('simple', <columns>) @@ to_tsquery('simple', 'word1:* & word2:*')}, served by a GIN index on
 * the same expression (changelog {@code record-search.xml}); on H2 (the embedded default) every word as a
 * case-insensitive substring of the same text. Either way each word of {@code q} must occur (as a word prefix on
 * PostgreSQL), in any order. The {@code simple} configuration neither stems nor drops stop words, so it treats every
 * language alike. See {@code docs/user-guide/lists-and-search.md}.
 */
@Component
public class RecordSearch {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 200;
    static final int MAX_PAGE = 10_000;
    static final int MAX_VALUES = 50;
    static final int MAX_VALUE_LENGTH = 200;
    static final int MAX_WORDS = 8;
    /** Up to this many free-text matches a page is sorted from the matches rather than read in sort order. */
    static final int FEW_TEXT_MATCHES = 5_000;

    private final JdbcClient jdbc;
    private final boolean postgres;

    @org.springframework.beans.factory.annotation.Autowired
    RecordSearch(JdbcClient jdbc, DataSource dataSource) throws MetaDataAccessException {
        this(jdbc, JdbcUtils.<String>extractDatabaseMetaData(dataSource, "getDatabaseProductName")
                .toLowerCase(Locale.ROOT).contains("postgres"));
    }

    /** For a database known in advance (tests of one database path without Spring). */
    public RecordSearch(JdbcClient jdbc, boolean postgres) {
        this.jdbc = jdbc;
        this.postgres = postgres;
    }

    /**
     * The text expression that free text searches and that the PostgreSQL GIN index is built on:
     * {@code coalesce(a, '') || ' ' || coalesce(b, '')}.
     */
    public static String textExpression(List<String> columns) {
        return columns.stream().map(c -> "coalesce(" + c + ", '')").collect(Collectors.joining(" || ' ' || "));
    }

    /**
     * The parameters with an earlier list endpoint's name of a parameter read as its current name (the old
     * {@code limit} as {@code size}), so links and scripts written for the earlier endpoint keep working.
     */
    public static MultiValueMap<String, String> renamed(MultiValueMap<String, String> parameters, String oldName,
            String name) {
        if (parameters == null || !parameters.containsKey(oldName)) {
            return parameters;
        }
        MultiValueMap<String, String> copy = new org.springframework.util.LinkedMultiValueMap<>(parameters);
        List<String> old = copy.remove(oldName);
        if (copy.containsKey(name)) {
            throw new InvalidFieldException(oldName, "is the earlier name of " + name + "; give one of them");
        }
        copy.put(name, old);
        return copy;
    }

    /** The query of one list request; throws {@link InvalidFieldException} naming the first bad parameter. */
    public Query query(ListSpec spec, MultiValueMap<String, String> parameters) {
        return new Query(spec, parameters == null ? new org.springframework.util.LinkedMultiValueMap<>() : parameters);
    }

    /** One list request being built: filters of its spec applied, the caller's own conditions added. */
    public final class Query {
        private final ListSpec spec;
        private final Map<String, List<String>> values = new LinkedHashMap<>();
        private final List<String> where = new ArrayList<>();
        private final Map<String, Object> params = new LinkedHashMap<>();
        private final String orderBy;
        private final int page;
        private final int size;
        private boolean empty;
        private boolean text;

        private Query(ListSpec spec, MultiValueMap<String, String> parameters) {
            this.spec = spec;
            for (String name : parameters.keySet()) {
                if (!spec.filters().containsKey(name) && !ListSpec.PAGING.contains(name)) {
                    throw new InvalidFieldException(name, "is not a parameter of this list; use "
                            + String.join(", ", spec.parameters()));
                }
                List<String> given = parameters.get(name).stream().filter(v -> v != null)
                        .flatMap(v -> "q".equals(name) ? java.util.stream.Stream.of(v) : Arrays.stream(v.split(",")))
                        .map(String::trim).filter(v -> !v.isEmpty()).toList();
                if (given.size() > MAX_VALUES) {
                    throw new InvalidFieldException(name, "has more than " + MAX_VALUES + " values");
                }
                if (given.stream().anyMatch(v -> v.length() > MAX_VALUE_LENGTH)) {
                    throw new InvalidFieldException(name, "has a value longer than " + MAX_VALUE_LENGTH + " characters");
                }
                if (!given.isEmpty()) {
                    values.put(name, given);
                }
            }
            this.page = number("page", 0, 0, MAX_PAGE);
            this.size = number("size", DEFAULT_SIZE, 1, MAX_SIZE);
            this.orderBy = orderBy(single("sort") == null ? spec.defaultSort() : single("sort"));
            spec.filters().forEach(this::filter);
            String q = single("q");
            if (q != null) {
                text(q);
            }
        }

        /** The values given for a parameter (a comma list split), empty when it was not given. */
        public List<String> values(String param) {
            return values.getOrDefault(param, List.of());
        }

        /** Adds a condition with one named parameter, e.g. {@code where("reported_by = :owner", "owner", user)}. */
        public Query where(String clause, String name, Object value) {
            where.add(clause);
            params.put(name, value);
            return this;
        }

        /**
         * A customer's list holds only their own records (the column names the owner: reporter, requester); staff
         * lists are not narrowed. The same rule as for single records ({@link ApiRoles#customerView}).
         */
        public Query ownRecordsOnly(String ownerColumn, org.springframework.security.core.Authentication caller) {
            return ApiRoles.customerView(caller)
                    ? where(ownerColumn + " = :owner_", "owner_", caller == null ? "" : caller.getName()) : this;
        }

        /** Makes the list empty whatever else matches (a custom filter that found nothing). */
        public Query nothing() {
            empty = true;
            return this;
        }

        /** The page asked for, with the total of all pages. */
        public <T> RecordPage<T> page(RowMapper<T> mapper) {
            if (empty) {
                return new RecordPage<>(List.of(), page, size, 0);
            }
            String condition = where.isEmpty() ? "" : " where " + String.join(" and ", where);
            long total = jdbc.sql("select count(*) from " + spec.table() + condition).params(params)
                    .query(Long.class).single();
            if (total <= (long) page * size) {
                return new RecordPage<>(List.of(), page, size, total);
            }
            Map<String, Object> all = new LinkedHashMap<>(params);
            all.put("limit_", size);
            all.put("offset_", (long) page * size);
            String from = spec.table() + condition;
            if (postgres && text && total <= FEW_TEXT_MATCHES) {
                // PostgreSQL guesses a word matches 2,000 rows whatever it is, so for a rare word it would walk an
                // index in sort order testing every row's text (0.7 s on 100k incidents); the matches found first
                // through the GIN index, then sorted, cost milliseconds
                from = "(select * from " + from + " offset 0) matches";
            }
            List<T> items = jdbc.sql("select * from " + from + " order by " + orderBy
                    + " limit :limit_ offset :offset_").params(all).query(mapper).list();
            return new RecordPage<>(items, page, size, total);
        }

        private void filter(String param, ListSpec.Filter filter) {
            List<String> given = values(param);
            if (given.isEmpty() || filter.kind() == ListSpec.Kind.CUSTOM) {
                return;
            }
            String name = "p_" + param;
            switch (filter.kind()) {
                case ANY_OF -> {
                    List<String> expanded = given.stream()
                            .flatMap(v -> filter.aliases().getOrDefault(v, List.of(v)).stream()).distinct().toList();
                    if (filter.allowed() != null) {
                        for (String value : expanded) {
                            if (!filter.allowed().contains(value)) {
                                java.util.Set<String> allowed = new java.util.TreeSet<>(filter.allowed());
                                allowed.addAll(filter.aliases().keySet());
                                throw new InvalidFieldException(param, "has an invalid value '" + value
                                        + "'; allowed: " + String.join(", ", allowed));
                            }
                        }
                    }
                    where(filter.column() + " in (:" + name + ")", name, expanded);
                }
                case FROM -> where(filter.column() + " >= :" + name, name, Jdbc.utc(instant(param, false)));
                case TO -> where(filter.column() + " < :" + name, name, Jdbc.utc(instant(param, true)));
                default -> throw new IllegalStateException("unknown filter kind " + filter.kind());
            }
        }

        private void text(String q) {
            if (spec.textColumns().isEmpty()) {
                throw new InvalidFieldException("q", "is not a parameter of this list");
            }
            List<String> words = Arrays.stream(q.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
                    .filter(w -> !w.isEmpty()).distinct().toList();
            if (words.isEmpty()) {
                throw new InvalidFieldException("q", "must contain at least one letter or digit");
            }
            if (words.size() > MAX_WORDS) {
                throw new InvalidFieldException("q", "may hold at most " + MAX_WORDS + " words");
            }
            this.text = true;
            String text = textExpression(spec.textColumns());
            if (postgres) {
                where("to_tsvector('simple', " + text + ") @@ to_tsquery('simple', :q_)", "q_",
                        words.stream().map(w -> w + ":*").collect(Collectors.joining(" & ")));
            } else {
                for (int i = 0; i < words.size(); i++) {
                    // words hold letters and digits only, so nothing in them needs escaping for LIKE
                    where("lower(" + text + ") like :q_" + i, "q_" + i, "%" + words.get(i) + "%");
                }
            }
        }

        private String orderBy(String sort) {
            boolean descending = sort.startsWith("-");
            String field = descending ? sort.substring(1) : sort;
            String column = spec.sorts().get(field);
            if (column == null) {
                throw new InvalidFieldException("sort", "has an invalid value '" + sort + "'; allowed: "
                        + String.join(", ", new java.util.TreeSet<>(spec.sorts().keySet()))
                        + ", each optionally preceded by - for descending");
            }
            String direction = descending ? " desc" : " asc";
            return column + direction + " nulls last, id" + direction;
        }

        private String single(String param) {
            List<String> given = values(param);
            if (given.size() > 1) {
                throw new InvalidFieldException(param, "takes one value");
            }
            return given.isEmpty() ? null : given.get(0);
        }

        private int number(String param, int fallback, int min, int max) {
            String value = single(param);
            if (value == null) {
                return fallback;
            }
            try {
                int n = Integer.parseInt(value);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // answered below
            }
            throw new InvalidFieldException(param, "must be a whole number from " + min + " to " + max);
        }

        /** An instant or a date (a date means the start of that day in UTC, or for an upper bound its end). */
        private Instant instant(String param, boolean upper) {
            String value = single(param);
            try {
                if (value.length() == 10) {
                    LocalDate day = LocalDate.parse(value);
                    return (upper ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
                }
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e) {
                throw new InvalidFieldException(param, "must be a date (2026-12-01) or a date-time with offset "
                        + "(2026-12-01T08:00:00Z)");
            }
        }
    }
}
