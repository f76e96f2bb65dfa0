package org.itsmflow.problem;

import static org.itsmflow.platform.Jdbc.instant;
import static org.itsmflow.platform.Jdbc.utc;
import static org.itsmflow.conformance.Figures.count;
import static org.itsmflow.conformance.Figures.judge;
import static org.itsmflow.conformance.Figures.percent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.engine.variable.Variables;
import org.itsmflow.incident.IncidentService;
import org.itsmflow.platform.EngineUser;
import org.itsmflow.conformance.ConformanceCheck;
import org.itsmflow.conformance.Evidence;
import org.itsmflow.conformance.ReportPeriod;
import org.itsmflow.conformance.ProcessTrace;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Conformance evidence that problems are handled by the procedure (R-8.3b), that trend analysis of incidents raises
 * them (R-8.3c) and that the effectiveness of their resolution is monitored and reviewed (R-8.3e). Read from the
 * problem records, their journal, the incident signals trend analysis keeps and the engine history. Each nested class
 * is one {@link ConformanceCheck} bean for one requirement id.
 */
final class ProblemResolutionConformanceCheck {

    /** A problem raised this recently may still wait for its asynchronous prioritisation step. */
    static final Duration PRIORITISATION_GRACE = Duration.ofHours(1);

    private ProblemResolutionConformanceCheck() {
    }

    static Instant now() {
        return ClockUtil.getCurrentTime().toInstant();
    }

    /**
     * R-8.3b: problems are recorded, classified, prioritised, resolved and closed by the procedure. Counts the
     * problems raised in the period: each must carry its classification (category) and the ProblemPriority result
     * (priority, its reason and the investigating group) — a problem raised within the last hour may still wait for
     * that step and is counted apart. And the problems closed in the period: each must have been closed the
     * procedure's way, with its root cause recorded as a known error, its fix passed to change management and
     * implemented (journal WATCHING) before the closure.
     */
    @Component
    static class ProblemsHandledByProcedure implements ConformanceCheck {
        private final JdbcClient jdbc;

        ProblemsHandledByProcedure(JdbcClient jdbc) {
            this.jdbc = jdbc;
        }

        @Override
        public String requirementId() {
            return "R-8.3b";
        }

        @Override
        public Evidence evaluate(ReportPeriod period) {
            List<String> shortfalls = new ArrayList<>();
            Map<String, Long> byPriority = new TreeMap<>();
            long[] awaiting = {0};
            Instant graceFrom = now().minus(PRIORITISATION_GRACE);
            List<String> raised = new ArrayList<>();
            jdbc.sql("""
                    select id, category, priority, priority_reason, assignment_group, raised_at from problem
                    where raised_at >= ? and raised_at < ? order by id""")
                    .params(utc(period.from()), utc(period.to())).query(rs -> {
                        String id = rs.getString("id");
                        raised.add(id);
                        if (rs.getString("category") == null || rs.getString("category").isBlank()) {
                            shortfalls.add(id + " (not classified)");
                        }
                        if (rs.getString("priority") == null || rs.getString("priority_reason") == null
                                || rs.getString("assignment_group") == null) {
                            if (instant(rs, "raised_at").isAfter(graceFrom)) {
                                awaiting[0]++;
                            } else {
                                shortfalls.add(id + " (not prioritised)");
                            }
                        } else {
                            byPriority.merge(rs.getString("priority"), 1L, Long::sum);
                        }
                    });
            List<String> closed = new ArrayList<>();
            jdbc.sql("""
                    select p.id, p.root_cause, p.known_error_id, p.change_id,
                        (select max(j.at) from problem_journal j where j.problem_id = p.id and j.code = 'WATCHING')
                            as watched_at, p.closed_at
                    from problem p where p.closed_at >= ? and p.closed_at < ? order by p.id""")
                    .params(utc(period.from()), utc(period.to())).query(rs -> {
                        String id = rs.getString("id");
                        closed.add(id);
                        Instant watched = instant(rs, "watched_at");
                        if (rs.getString("root_cause") == null || rs.getString("known_error_id") == null) {
                            shortfalls.add(id + " (closed without a root cause recorded as a known error)");
                        } else if (rs.getString("change_id") == null || watched == null
                                || watched.isAfter(instant(rs, "closed_at"))) {
                            shortfalls.add(id + " (closed without an implemented fix and watch period)");
                        }
                    });
            String figure = count(raised.size(), "problem") + " raised, prioritised " + byPriority
                    + (awaiting[0] == 0 ? "" : ", " + count(awaiting[0]) + " awaiting prioritisation") + "; "
                    + count(closed.size()) + " closed";
            return judge(raised.size() + closed.size(), shortfalls, "no problem raised or closed in the period",
                    figure + ", each after root cause, known error, implemented fix and watch period",
                    figure + "; " + count(shortfalls.size(), "shortfall"));
        }
    }

    /**
     * R-8.3c: preventive action from trend analysis of incidents. Counts the incidents whose process started in the
     * period: each must have reached trend analysis (an incident signal). Then replays the deployed
     * {@code ProblemTrigger} table (thresholds and windows per category, counted per CI and per service; evaluated
     * here by a stand-alone DMN engine, so the report writes no decision history) over the signals: every incident of
     * the period that completes a recurring cluster — at least the threshold of incidents of its category on its CI
     * or its service within the window — must be linked to a problem.
     */
    @Component
    static class TrendAnalysisRaisesProblems implements ConformanceCheck {
        private static final DmnEngine DMN = ((DefaultDmnEngineConfiguration) DefaultDmnEngineConfiguration
                .createDefaultDmnEngineConfiguration()).enableFeelLegacyBehavior(true).buildEngine();

        private final JdbcClient jdbc;
        private final ProcessTrace trace;
        private final RepositoryService repository;
        private final EngineUser engineUser;

        TrendAnalysisRaisesProblems(JdbcClient jdbc, ProcessTrace trace, RepositoryService repository,
                EngineUser engineUser) {
            this.jdbc = jdbc;
            this.trace = trace;
            this.repository = repository;
            this.engineUser = engineUser;
        }

        @Override
        public String requirementId() {
            return "R-8.3c";
        }

        record Signal(String incidentId, String serviceId, String ciId, String category, Instant at, boolean linked) {
        }

        record Rule(int threshold, long windowHours) {
        }

        @Override
        public Evidence evaluate(ReportPeriod period) {
            List<String> shortfalls = new ArrayList<>();
            List<Signal> inPeriod = signals(period.from(), period.to());
            Set<String> signalled = new HashSet<>(inPeriod.stream().map(Signal::incidentId).toList());
            List<String> incidents = trace.started(IncidentService.PROCESS_KEY, period).stream()
                    .map(ProcessTrace.Started::businessKey).filter(k -> k != null).toList();
            List<String> unseen = incidents.stream().filter(id -> !signalled.contains(id)).toList();
            if (!unseen.isEmpty()) { // a signal recorded just across the period's edge still counts
                Set<String> elsewhere = new HashSet<>(jdbc.sql(
                        "select incident_id from problem_incident_signal where incident_id in (:ids)")
                        .param("ids", unseen).query(String.class).list());
                unseen.stream().filter(id -> !elsewhere.contains(id))
                        .forEach(id -> shortfalls.add(id + " (never reached trend analysis)"));
            }

            DmnDecision trigger = inPeriod.isEmpty() ? null : trigger();
            Map<String, Rule> rules = new HashMap<>();
            long maxWindow = 0;
            for (Signal s : inPeriod) {
                for (String scope : List.of("CI", "SERVICE")) {
                    Rule rule = rules.computeIfAbsent(s.category() + "/" + scope, k -> rule(trigger, s.category(), scope));
                    if (rule != null) {
                        maxWindow = Math.max(maxWindow, rule.windowHours());
                    }
                }
            }
            // the times of the signals per CI and per service and category, oldest first, reaching back one window
            Map<String, List<Instant>> times = new HashMap<>();
            List<Signal> counted = inPeriod.isEmpty() ? List.of()
                    : signals(period.from().minus(Duration.ofHours(maxWindow)), period.to());
            for (Signal o : counted) {
                if (o.ciId() != null) {
                    times.computeIfAbsent("CI/" + o.ciId() + "/" + o.category(), k -> new ArrayList<>()).add(o.at());
                }
                if (o.serviceId() != null) {
                    times.computeIfAbsent("SERVICE/" + o.serviceId() + "/" + o.category(), k -> new ArrayList<>())
                            .add(o.at());
                }
            }
            long recurring = 0;
            for (Signal s : inPeriod) {
                String cluster = cluster(s, times, rules.get(s.category() + "/CI"), "CI", s.ciId());
                if (cluster == null) {
                    cluster = cluster(s, times, rules.get(s.category() + "/SERVICE"), "SERVICE", s.serviceId());
                }
                if (cluster == null) {
                    continue;
                }
                recurring++;
                if (!s.linked()) {
                    shortfalls.add(s.incidentId() + " (" + cluster + ", linked to no problem)");
                }
            }
            long fromTrend = jdbc.sql("select count(*) from problem where source = 'TREND' and raised_at >= ? "
                    + "and raised_at < ?").params(utc(period.from()), utc(period.to())).query(Long.class).single();
            long n = Math.max(incidents.size(), inPeriod.size());
            String figure = count(n, "incident") + " analysed for trends; " + count(recurring)
                    + " of them recurring (ProblemTrigger thresholds); " + count(fromTrend, "problem")
                    + " raised by trend analysis";
            return judge(n, shortfalls, "no incidents in the period",
                    figure + "; every recurring incident linked to a problem",
                    figure + "; " + count(shortfalls.size(), "shortfall"));
        }

        /** The cluster {@code s} completes under {@code rule} on its CI or service, in words, or null. */
        private static String cluster(Signal s, Map<String, List<Instant>> times, Rule rule, String scope,
                String where) {
            if (rule == null || where == null) {
                return null;
            }
            List<Instant> at = times.getOrDefault(scope + "/" + where + "/" + s.category(), List.of());
            Instant since = s.at().minus(Duration.ofHours(rule.windowHours()));
            long n = upTo(at, s.at()) - upTo(at, since.minusNanos(1));
            return n >= rule.threshold() ? n + " " + s.category() + " incidents on " + where + " within "
                    + rule.windowHours() + " h" : null;
        }

        /** How many of the sorted instants are at or before {@code t}. */
        private static int upTo(List<Instant> sorted, Instant t) {
            int low = 0;
            int high = sorted.size();
            while (low < high) {
                int mid = (low + high) >>> 1;
                if (sorted.get(mid).isAfter(t)) {
                    high = mid;
                } else {
                    low = mid + 1;
                }
            }
            return low;
        }

        private List<Signal> signals(Instant from, Instant to) {
            return jdbc.sql("""
                    select s.incident_id, s.service_id, s.ci_id, s.category, s.recorded_at,
                        case when exists (select 1 from problem_incident l where l.incident_id = s.incident_id)
                            then 1 else 0 end as linked
                    from problem_incident_signal s
                    where s.recorded_at >= ? and s.recorded_at < ? order by s.recorded_at, s.incident_id""")
                    .params(utc(from), utc(to))
                    .query((rs, n) -> new Signal(rs.getString("incident_id"), rs.getString("service_id"),
                            rs.getString("ci_id"), rs.getString("category"), instant(rs, "recorded_at"),
                            rs.getInt("linked") == 1))
                    .list();
        }

        private DmnDecision trigger() {
            return engineUser.asSystem(() -> {
                DecisionDefinition definition = repository.createDecisionDefinitionQuery()
                        .decisionDefinitionKey(ProblemService.TRIGGER_DECISION).latestVersion().singleResult();
                try (InputStream in = repository.getDecisionModel(definition.getId())) {
                    return DMN.parseDecision(ProblemService.TRIGGER_DECISION, in);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }

        private static Rule rule(DmnDecision trigger, String category, String scope) {
            Map<String, Object> result = DMN.evaluateDecisionTable(trigger, Variables.createVariables()
                    .putValue("category", category).putValue("scope", scope)).getFirstResult();
            return result == null ? null : new Rule(((Number) result.get("threshold")).intValue(),
                    ((Number) result.get("windowHours")).longValue());
        }
    }

    /**
     * R-8.3e: the effectiveness of problem resolution is monitored and reviewed. Counts the effectiveness reviews
     * concluded in the period (a problem closed after its watch period, or reopened because incidents recurred): a
     * closure is checked against the incident signals — no incident of the problem's category on its CI (or service)
     * after the fix — and a problem still watching after its watch period (plus a day for the job) has an overdue
     * review. The figure gives the share of reviewed fixes that held; the service reports show the same per period.
     */
    @Component
    static class ResolutionEffectivenessReviewed implements ConformanceCheck {
        private final JdbcClient jdbc;
        private final Duration watchPeriod;

        ResolutionEffectivenessReviewed(JdbcClient jdbc,
                @Value("${itsm.problem.watch-period:" + ProblemVariables.DEFAULT_WATCH_PERIOD + "}") String watchPeriod) {
            this.jdbc = jdbc;
            this.watchPeriod = Duration.parse(watchPeriod);
        }

        @Override
        public String requirementId() {
            return "R-8.3e";
        }

        @Override
        public Evidence evaluate(ReportPeriod period) {
            List<String> shortfalls = new ArrayList<>();
            long[] held = {0};
            long[] closedDespite = {0};
            jdbc.sql("""
                    select p.id, p.ci_id, p.service_id, p.category, p.fixed_at, p.closed_at from problem p
                    where p.closed_at >= ? and p.closed_at < ? order by p.id""")
                    .params(utc(period.from()), utc(period.to())).query(rs -> {
                        String id = rs.getString("id");
                        Instant fixed = instant(rs, "fixed_at");
                        Instant closed = instant(rs, "closed_at");
                        if (fixed == null) {
                            shortfalls.add(id + " (closed without a fix to review)");
                            return;
                        }
                        String column = rs.getString("ci_id") == null ? "service_id" : "ci_id";
                        String value = rs.getString(column);
                        List<String> recurred = jdbc.sql("select incident_id from problem_incident_signal where "
                                        + column + " = ? and category = ? and recorded_at > ? and recorded_at <= ? "
                                        + "order by incident_id")
                                .params(value, rs.getString("category"), utc(fixed), utc(closed))
                                .query(String.class).list();
                        if (!recurred.isEmpty()) {
                            closedDespite[0]++;
                            shortfalls.add(id + " (closed as effective although " + String.join(", ", recurred)
                                    + " recurred after the fix)");
                        } else {
                            held[0]++;
                        }
                    });
            long reopened = jdbc.sql("select count(*) from problem_journal where code = 'REOPENED' and at >= ? "
                    + "and at < ?").params(utc(period.from()), utc(period.to())).query(Long.class).single();
            Instant dueBefore = min(period.to(), now()).minus(watchPeriod).minus(Duration.ofDays(1));
            jdbc.sql("select id, fixed_at from problem where status = 'WATCHING' and fixed_at < ? order by id")
                    .param(utc(dueBefore)).query(rs -> {
                        shortfalls.add(rs.getString("id") + " (effectiveness review overdue: fixed "
                                + instant(rs, "fixed_at") + ", watch period " + watchPeriod + ")");
                    });
            long reviewed = held[0] + closedDespite[0] + reopened;
            String figure = count(reviewed, "effectiveness review") + " concluded: " + count(held[0])
                    + " fix(es) held, " + count(reopened) + " reopened on recurrence (" + percent(held[0], reviewed)
                    + " effective)";
            return judge(reviewed, shortfalls, "no effectiveness review due or concluded in the period",
                    figure, figure + "; " + count(shortfalls.size(), "shortfall"));
        }

        private static Instant min(Instant a, Instant b) {
            return a.isBefore(b) ? a : b;
        }
    }
}
