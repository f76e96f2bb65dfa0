package org.itsmflow.cmdb;

import static org.itsmflow.conformance.Figures.count;
import static org.itsmflow.conformance.Figures.judge;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.itsmflow.conformance.ConformanceCheck;
import org.itsmflow.conformance.Evidence;
import org.itsmflow.conformance.ReportPeriod;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Conformance evidence of configuration management (clause 9.1), read from the CMDB and its append-only history.
 * Each nested class is one {@link ConformanceCheck} bean.
 */
final class CmdbConformanceCheck {

    private CmdbConformanceCheck() {
    }

    static String label(CiHistoryEntry e) {
        return e.ciId() + " v" + e.ciVersion();
    }

    /** R-9.1a: every CI recorded with its type (from the CI type policy), owner and relationships. */
    @Component
    static class CisRecordedWithType implements ConformanceCheck {
        private final JdbcClient jdbc;

        CisRecordedWithType(JdbcClient jdbc) {
            this.jdbc = jdbc;
        }

        @Override
        public String requirementId() {
            return "R-9.1a";
        }

        @Override
        public Evidence evaluate(ReportPeriod period) {
            long cis = jdbc.sql("select count(*) from configuration_item").query(Long.class).single();
            long types = jdbc.sql("select count(*) from ci_type").query(Long.class).single();
            long relationships = jdbc.sql("select count(*) from ci_relationship").query(Long.class).single();
            List<String> missing = jdbc.sql("select ci.id from configuration_item ci left join ci_type t on t.id = ci.type_id "
                            + "where t.id is null or ci.owner_group is null order by ci.id")
                    .query(String.class).list().stream().map(id -> id + " (no type or owner)").toList();
            return judge(cis, missing, "the CMDB holds no configuration items",
                    count(cis, "CI") + " of " + count(types, "type") + " with " + count(relationships, "relationship")
                            + " recorded now; every CI has a type from the policy and an owner",
                    count(cis, "CI") + ", " + count(missing.size()) + " without type or owner");
        }
    }

    /** R-9.1b: every CI update in the period produced a new version of the CI. */
    @Component
    static class CiUpdatesVersioned implements ConformanceCheck {
        private final CmdbService cmdb;

        CiUpdatesVersioned(CmdbService cmdb) {
            this.cmdb = cmdb;
        }

        @Override
        public String requirementId() {
            return "R-9.1b";
        }

        @Override
        public Evidence evaluate(ReportPeriod period) {
            List<CiHistoryEntry> entries = cmdb.historyBetween(period.from(), period.to()).stream()
                    .filter(e -> e.action() == HistoryAction.CREATED || e.action() == HistoryAction.UPDATED).toList();
            Set<String> seen = new HashSet<>();
            Set<String> cis = new HashSet<>();
            List<String> missing = new ArrayList<>();
            for (CiHistoryEntry e : entries) {
                cis.add(e.ciId());
                if (!seen.add(label(e))) {
                    missing.add(label(e) + " (version recorded twice)");
                }
            }
            return judge(entries.size(), missing, "no CI created or updated in the period",
                    count(entries.size(), "new CI version") + " on " + count(cis.size(), "CI")
                            + ", no version number used twice", count(entries.size(), "new CI version") + " on "
                            + count(cis.size(), "CI"));
        }
    }

    /** R-9.1d: every CI history entry of the period names the change it was made under, or an administrator override. */
    @Component
    static class CiChangesTraceable implements ConformanceCheck {
        private final CmdbService cmdb;

        CiChangesTraceable(CmdbService cmdb) {
            this.cmdb = cmdb;
        }

        @Override
        public String requirementId() {
            return "R-9.1d";
        }

        @Override
        public Evidence evaluate(ReportPeriod period) {
            List<CiHistoryEntry> entries = cmdb.historyBetween(period.from(), period.to());
            Map<String, Long> by = new HashMap<>();
            List<String> missing = new ArrayList<>();
            for (CiHistoryEntry e : entries) {
                if (e.changeRef() != null && !e.changeRef().isBlank()) {
                    by.merge("change", 1L, Long::sum);
                } else if (e.reason() != null && e.reason().startsWith(CmdbWriteController.OVERRIDE)) {
                    by.merge("override", 1L, Long::sum);
                } else {
                    missing.add(label(e) + " (" + e.action() + " by " + e.changedBy() + ", names no change)");
                }
            }
            long n = entries.size();
            String figure = count(n, "CI history entry") + ": " + count(by.getOrDefault("change", 0L))
                    + " name their change, " + count(by.getOrDefault("override", 0L)) + " an administrator override";
            return judge(n, missing, "no CI changed in the period", figure, figure);
        }
    }
}
