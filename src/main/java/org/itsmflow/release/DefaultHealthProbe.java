package org.itsmflow.release;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.itsmflow.cmdb.CiStatus;
import org.itsmflow.cmdb.CmdbService;
import org.itsmflow.cmdb.ConfigurationItem;
import org.itsmflow.incident.Incident;
import org.itsmflow.incident.IncidentService;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The default health check from real data (R-10.1h): a wave is healthy when none of its CIs is in maintenance or
 * retired in the CMDB and no P1 or P2 incident is open on any of them.
 */
public class DefaultHealthProbe implements HealthProbe {

    static final Set<CiStatus> DOWN = Set.of(CiStatus.MAINTENANCE, CiStatus.RETIRED);
    static final Set<String> SEVERE = Set.of("P1", "P2");

    private final CmdbService cmdb;
    private final IncidentService incidents;

    DefaultHealthProbe(CmdbService cmdb, IncidentService incidents) {
        this.cmdb = cmdb;
        this.incidents = incidents;
    }

    @Override
    public Result check(String releaseId, int waveNo, List<String> sites, List<String> ciIds) {
        List<String> problems = new ArrayList<>();
        for (String ciId : ciIds) {
            ConfigurationItem ci = cmdb.find(ciId).orElse(null);
            if (ci == null) {
                problems.add(ciId + " is not in the CMDB");
            } else if (DOWN.contains(ci.status())) {
                problems.add(ciId + " is " + ci.status());
            }
        }
        for (Incident incident : incidents.openOn(ciIds)) {
            if (SEVERE.contains(incident.priority())) {
                problems.add(incident.priority() + " incident " + incident.id() + " is open on " + incident.ciId()
                        + ": " + incident.title());
            }
        }
        return problems.isEmpty()
                ? new Result(true, "healthy: " + String.join(", ", ciIds) + " in service, no P1/P2 incident open")
                : new Result(false, String.join("; ", problems));
    }

    /** Registers the default unless the application provides its own {@link HealthProbe}. */
    @Configuration
    static class Registration {
        @Bean
        @ConditionalOnMissingBean(HealthProbe.class)
        HealthProbe defaultHealthProbe(CmdbService cmdb, IncidentService incidents) {
            return new DefaultHealthProbe(cmdb, incidents);
        }
    }
}
