package org.itsmflow.complaint;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.itsmflow.platform.TaskDisplay;
import org.itsmflow.servicelevel.BusinessCalendar;
import org.itsmflow.servicelevel.BusinessCalendars;
import org.itsmflow.servicelevel.ServiceCatalog;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Gives every user task of the complaint process what its form shows (R-7.2c): the complaint with its targets and
 * escalation level, the referenced incident or change with its history, and what earlier steps recorded. They are
 * task-local copies for display, gone when the task completes; the record stays the only source of truth.
 */
@Component
class ComplaintTaskDetails {

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("EEE d MMM yyyy HH:mm", Locale.ENGLISH);

    private final ComplaintService complaints;
    private final ServiceCatalog catalog;
    private final BusinessCalendars calendars;
    private final TaskDisplay display;

    ComplaintTaskDetails(TaskDisplay display, ComplaintService complaints, ServiceCatalog catalog,
            BusinessCalendars calendars) {
        this.display = display;
        this.complaints = complaints;
        this.catalog = catalog;
        this.calendars = calendars;
    }

    @EventListener(condition = "#task.eventName == 'create'")
    public void onCreate(DelegateTask task) {
        if (task.getProcessDefinitionId() == null
                || !task.getProcessDefinitionId().startsWith(ComplaintService.PROCESS_KEY + ":")
                || !TaskListener.EVENTNAME_CREATE.equals(task.getEventName())) {
            return;
        }
        String complaintId = (String) task.getVariable(ComplaintVariables.COMPLAINT_ID);
        if (complaintId != null) {
            Complaint complaint = complaints.require(complaintId);
            display.name(task, complaint.id(), complaint.title());
            display.show(task, details(complaint));
        }
    }

    Map<String, Object> details(String complaintId) {
        return details(complaints.require(complaintId));
    }

    private Map<String, Object> details(Complaint c) {
        ZoneId zone = c.serviceId() == null ? ZoneId.of("UTC")
                : calendars.find(catalog.require(c.serviceId(), null).calendarId()).map(BusinessCalendar::zone)
                        .orElse(ZoneId.of("UTC"));
        StringBuilder summary = new StringBuilder()
                .append(c.id()).append(": ").append(c.title()).append('\n')
                .append(c.description()).append("\n\n")
                .append("Severity ").append(c.severity())
                .append(Boolean.TRUE.equals(c.formal()) ? ", formal complaint" : ", informal feedback")
                .append("; raised by ").append(c.raisedBy())
                .append(c.customerId() == null ? "" : " (" + customerName(c.customerId()) + ")")
                .append(c.serviceId() == null ? "" : "; service " + catalog.require(c.serviceId(), null).name())
                .append('\n');
        if (c.acknowledgeDueAt() != null) {
            summary.append("Acknowledge by ").append(shown(c.acknowledgeDueAt(), zone))
                    .append(", resolve by ").append(shown(c.resolutionDueAt(), zone)).append(" (").append(zone)
                    .append(")\n");
        }
        summary.append(switch (c.escalationLevel()) {
            case 1 -> "ESCALATED to the customer-relations manager";
            case 2 -> "ESCALATED to management";
            default -> "Not escalated";
        });
        Map<String, Object> details = new HashMap<>();
        details.put("complaintSummary", summary.toString());
        details.put("referenceSummary", complaints.referenceSummary(c));
        details.put("progressSummary", complaints.journal(c.id()).stream()
                .filter(e -> "STATUS".equals(e.kind()) || "ESCALATION".equals(e.kind()))
                .map(e -> shown(e.at(), zone) + " " + e.actor() + ": " + e.text())
                .collect(Collectors.joining("\n")));
        return details;
    }

    private String customerName(String customerId) {
        return catalog.findCustomer(customerId).map(customer -> customer.name()).orElse(customerId);
    }

    private static String shown(Instant at, ZoneId zone) {
        return SHOWN.format(at.atZone(zone));
    }

    static List<String> keys() {
        return List.of("complaintSummary", "referenceSummary", "progressSummary");
    }
}
