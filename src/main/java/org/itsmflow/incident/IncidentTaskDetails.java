package org.itsmflow.incident;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.itsmflow.cmdb.CmdbService;
import org.itsmflow.cmdb.ConfigurationItem;
import org.itsmflow.cmdb.Impact;
import org.itsmflow.cmdb.ImpactDirection;
import org.itsmflow.platform.TaskDisplay;
import org.itsmflow.problem.KnownError;
import org.itsmflow.problem.KnownErrorService;
import org.itsmflow.release.ReleaseService;
import org.itsmflow.servicelevel.BusinessCalendar;
import org.itsmflow.servicelevel.BusinessCalendars;
import org.itsmflow.servicelevel.BusinessService;
import org.itsmflow.servicelevel.ServiceCatalog;
import org.itsmflow.servicelevel.SlaClockView;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Gives every user task of the incident process what its form shows (R-8.2d, R-9.1h): the incident, the affected
 * CI and what depends on it, matching known errors, priority and why, and the SLA due times. They are task-local
 * copies for display, gone when the task completes; the record stays the only source of truth.
 */
@Component
class IncidentTaskDetails {

    static final String KNOWN_ERRORS_NONE = "None known for this CI, service and category.";
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("EEE d MMM yyyy HH:mm", Locale.ENGLISH);

    private final IncidentService incidents;
    private final CmdbService cmdb;
    private final ServiceCatalog catalog;
    private final BusinessCalendars calendars;
    private final KnownErrorService knownErrors;
    private final ObjectProvider<ReleaseService> releases;
    private final TaskDisplay display;

    IncidentTaskDetails(TaskDisplay display, IncidentService incidents, CmdbService cmdb, ServiceCatalog catalog,
            BusinessCalendars calendars, KnownErrorService knownErrors, ObjectProvider<ReleaseService> releases) {
        this.display = display;
        this.knownErrors = knownErrors;
        this.releases = releases;
        this.calendars = calendars;
        this.incidents = incidents;
        this.cmdb = cmdb;
        this.catalog = catalog;
    }

    @EventListener(condition = "#task.eventName == 'create'")
    public void onCreate(DelegateTask task) {
        if (task.getProcessDefinitionId() == null
                || !task.getProcessDefinitionId().startsWith(IncidentService.PROCESS_KEY + ":")
                || !TaskListener.EVENTNAME_CREATE.equals(task.getEventName())) {
            return;
        }
        String incidentId = (String) task.getVariable(IncidentVariables.INCIDENT_ID);
        if (incidentId != null) {
            Incident incident = incidents.require(incidentId);
            display.name(task, incident.id(), incident.title());
            display.show(task, details(incident));
        }
    }

    Map<String, Object> details(Incident incident) {
        // the record and its clocks only: the form shows neither the decision rows nor the journal
        String incidentId = incident.id();
        List<SlaClockView> clocks = incidents.clocks(incidentId);
        BusinessService service = catalog.require(incident.serviceId(), null);
        ZoneId zone = calendars.find(service.calendarId()).map(BusinessCalendar::zone).orElse(ZoneId.of("UTC"));
        Map<String, Object> details = new HashMap<>();
        details.put("incidentTitle", incident.title());
        details.put("incidentDescription", incident.description() == null ? "" : incident.description());
        details.put("serviceName", service.name());
        details.put("priorityReason", incident.priority() + ": " + nullToEmpty(incident.priorityReason()));
        details.put("classificationReason", nullToEmpty(incident.classificationReason()));
        details.put("slaSummary", clocks.stream().map(clock -> line(clock, zone)).collect(Collectors.joining("\n")));
        details.put("knownErrors", knownErrorsText(knownErrors.matching(incident.ciId(), incident.serviceId(),
                incident.category()), shippedOn(incident.ciId())));
        List<Map<String, String>> choices = new java.util.ArrayList<>();
        choices.add(Map.of("label", "None of them", "value", NONE_APPLIED));
        shown(incident).forEach(ke -> choices.add(Map.of("label", ke.id() + " " + ke.title(), "value", ke.id())));
        details.put("knownErrorChoices", choices);
        if (incident.ciId() == null) {
            details.put("ciName", "No configuration item given");
            details.put("ciImpactSummary", "");
        } else {
            ConfigurationItem ci = cmdb.require(incident.ciId(), null);
            details.put("ciName", ci.name() + " (" + ci.typeId() + ", " + ci.status() + ")");
            details.put("ciImpactSummary", impactSummary(cmdb.impact(ci.id(), ImpactDirection.DOWNSTREAM, 3)));
        }
        return details;
    }

    /** The "Known error applied" choice that says none was used. */
    static final String NONE_APPLIED = "NONE";

    /**
     * The known errors a task about this incident shows (R-8.2d): those matched by CI, service and category, then
     * those shipped by releases installed on the CI; each once.
     */
    List<KnownError> shown(Incident incident) {
        java.util.Map<String, KnownError> byId = new java.util.LinkedHashMap<>();
        knownErrors.matching(incident.ciId(), incident.serviceId(), incident.category())
                .forEach(ke -> byId.putIfAbsent(ke.id(), ke));
        shippedOn(incident.ciId()).forEach(ke -> byId.putIfAbsent(ke.id(), ke));
        return List.copyOf(byId.values());
    }

    /** Known errors that deployed releases shipped with onto this CI (R-10.1d: release tells incident management). */
    private List<KnownError> shippedOn(String ciId) {
        ReleaseService service = releases.getIfAvailable();
        return ciId == null || service == null ? List.of() : service.knownErrorsShippedOn(ciId);
    }

    static String knownErrorsText(List<KnownError> matches, List<KnownError> shipped) {
        java.util.Set<String> listed = matches.stream().map(KnownError::id).collect(Collectors.toSet());
        List<String> lines = new java.util.ArrayList<>();
        matches.forEach(ke -> lines.add(ke.id() + " " + ke.title() + "\n  Workaround: " + ke.workaround()));
        shipped.stream().filter(ke -> listed.add(ke.id())).forEach(ke -> lines.add(ke.id() + " " + ke.title()
                + " (shipped with a release installed on this CI)\n  Workaround: " + ke.workaround()));
        return lines.isEmpty() ? KNOWN_ERRORS_NONE : String.join("\n", lines);
    }

    private static String impactSummary(Impact impact) {
        if (impact.affected().isEmpty() && impact.services().isEmpty()) {
            return "Nothing recorded in the CMDB depends on this item.";
        }
        String items = impact.affected().stream().map(ci -> ci.id() + " " + ci.name())
                .collect(Collectors.joining(", "));
        return "Depends on it: " + (items.isEmpty() ? "no other items" : items)
                + "\nServices affected: " + (impact.services().isEmpty() ? "none" : String.join(", ", impact.services()));
    }

    private static String line(SlaClockView clock, ZoneId zone) {
        String kind = clock.kind().name().charAt(0) + clock.kind().name().substring(1).toLowerCase(Locale.ROOT);
        return kind + " due " + SHOWN.format(clock.dueAt().atZone(zone)) + " (" + zone + ")"
                + switch (clock.state()) {
                    case STOPPED -> clock.breached() ? ", met late" : ", met";
                    case PAUSED -> ", paused";
                    case RUNNING -> clock.overdue() ? ", OVERDUE" : ", " + clock.remainingBusinessMinutes()
                            + " business minutes left";
                };
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    static List<String> keys() {
        return List.of("incidentTitle", "incidentDescription", "serviceName", "priorityReason", "classificationReason",
                "slaSummary", "knownErrors", "knownErrorChoices", "ciName", "ciImpactSummary");
    }
}
