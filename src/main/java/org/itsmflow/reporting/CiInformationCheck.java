package org.itsmflow.reporting;

import static org.itsmflow.conformance.Figures.count;
import static org.itsmflow.conformance.Figures.judge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.itsmflow.change.Change;
import org.itsmflow.change.ChangeService;
import org.itsmflow.cmdb.CmdbService;
import org.itsmflow.cmdb.ConfigurationItem;
import org.itsmflow.conformance.ConformanceCheck;
import org.itsmflow.conformance.Evidence;
import org.itsmflow.conformance.ReportPeriod;
import org.itsmflow.incident.Incident;
import org.itsmflow.incident.IncidentService;
import org.itsmflow.problem.Problem;
import org.itsmflow.problem.ProblemService;
import org.springframework.stereotype.Component;

/**
 * R-9.1h evidence, the part the records can show: the CIs that the period's work needed — named by an incident
 * reported, a problem raised or closed, or a change requested in the period — are in the CMDB with their status,
 * location, documentation and a version history naming the changes, which is what incident, problem and change
 * staff read in their task forms and through {@code /api/cmdb/cis/{id}} and its history. A CI a change only plans
 * to create is judged once the change is implemented. Who may read them is an access rule, proven cell by cell by
 * the authorization matrix test, not a record of the period.
 */
@Component
class CiInformationCheck implements ConformanceCheck {

    private final IncidentService incidents;
    private final ProblemService problems;
    private final ChangeService changes;
    private final CmdbService cmdb;

    CiInformationCheck(IncidentService incidents, ProblemService problems, ChangeService changes, CmdbService cmdb) {
        this.incidents = incidents;
        this.problems = problems;
        this.changes = changes;
        this.cmdb = cmdb;
    }

    @Override
    public String requirementId() {
        return "R-9.1h";
    }

    @Override
    public Evidence evaluate(ReportPeriod period) {
        Map<String, String> namedBy = new LinkedHashMap<>();
        for (Incident incident : incidents.reportedBetween(null, period.from(), period.to())) {
            if (incident.ciId() != null) {
                namedBy.putIfAbsent(incident.ciId(), incident.id());
            }
        }
        for (Problem problem : problems.activeBetween(null, period.from(), period.to())) {
            if (problem.ciId() != null) {
                namedBy.putIfAbsent(problem.ciId(), problem.id());
            }
        }
        List<Change> requested = changes.requestedBetween(period.from(), period.to());
        Map<String, Change> byId = new LinkedHashMap<>();
        requested.forEach(c -> byId.put(c.id(), c));
        changes.ciIdsOf(byId.keySet()).forEach((changeId, ciIds) -> {
            Change change = byId.get(changeId);
            for (String ciId : ciIds) {
                boolean mayNotExistYet = change.implementedAt() == null;
                if (!mayNotExistYet || cmdb.find(ciId).isPresent()) {
                    namedBy.putIfAbsent(ciId, changeId);
                }
            }
        });
        List<String> shortfalls = new ArrayList<>();
        namedBy.forEach((ciId, by) -> {
            Optional<ConfigurationItem> found = cmdb.find(ciId);
            if (found.isEmpty()) {
                shortfalls.add(ciId + " (named by " + by + ", not in the CMDB)");
                return;
            }
            ConfigurationItem ci = found.get();
            List<String> gaps = new ArrayList<>();
            if (ci.status() == null) {
                gaps.add("status");
            }
            if (ci.location() == null || ci.location().isBlank()) {
                gaps.add("location");
            }
            if (ci.documentationUrl() == null || ci.documentationUrl().isBlank()) {
                gaps.add("documentation");
            }
            if (cmdb.history(ciId).isEmpty()) {
                gaps.add("version history");
            }
            if (!gaps.isEmpty()) {
                shortfalls.add(ciId + " (named by " + by + ", no " + String.join(", no ", gaps) + ")");
            }
        });
        long n = namedBy.size();
        String figure = count(n, "CI") + " named by the period's incidents, problems and changes";
        return judge(n, shortfalls, "no incident, problem or change of the period names a CI",
                figure + ", each with status, location, documentation and version history in the CMDB",
                figure + "; " + count(shortfalls.size(), "CI") + " short of information");
    }
}
