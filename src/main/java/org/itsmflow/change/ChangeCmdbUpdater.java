package org.itsmflow.change;

import java.util.LinkedHashMap;
import java.util.Map;

import org.itsmflow.cmdb.CiChanges;
import org.itsmflow.cmdb.CiStatus;
import org.itsmflow.cmdb.CmdbService;
import org.itsmflow.cmdb.ConfigurationItem;
import org.itsmflow.cmdb.NewCi;
import org.itsmflow.servicelevel.Priority;
import org.itsmflow.servicelevel.ServiceChanges;
import org.springframework.stereotype.Component;

/**
 * Turns a change's planned updates into CMDB writes (R-9.1b, R-9.1d: a new CI version and a history entry naming
 * the change) and service-catalogue / SLA writes (R-5a, R-6.1b), through the owning features' public services.
 */
@Component
class ChangeCmdbUpdater {

    private final CmdbService cmdb;
    private final ServiceChanges services;

    ChangeCmdbUpdater(CmdbService cmdb, ServiceChanges services) {
        this.cmdb = cmdb;
        this.services = services;
    }

    @SuppressWarnings("unchecked")
    String applyCi(Change change, ChangeCi planned, String actor) {
        Map<String, Object> updates = planned.updates();
        String reason = "Implemented change " + change.id() + ": " + change.title();
        var existing = cmdb.find(planned.ciId());
        Map<String, Object> attributes = null;
        if (updates.get("attributes") instanceof Map<?, ?> map || updates.containsKey("version")) {
            attributes = new LinkedHashMap<>(existing.map(ConfigurationItem::attributes).orElse(Map.of()));
            if (updates.get("attributes") instanceof Map<?, ?> map) {
                attributes.putAll((Map<String, Object>) map);
            }
            if (updates.containsKey("version")) {
                attributes.put("version", updates.get("version"));
            }
        }
        CiStatus status = updates.get("status") == null ? null : CiStatus.valueOf(updates.get("status").toString());
        if (existing.isEmpty()) {
            NewCi ci = new NewCi(planned.ciId(), text(updates, "name"), text(updates, "typeId"), status,
                    text(updates, "location"), text(updates, "ownerGroup"), attributes, text(updates, "documentationUrl"));
            ConfigurationItem created = cmdb.create(ci, actor, reason, change.id());
            return "Created " + created.id() + " at version " + created.version();
        }
        ConfigurationItem current = existing.get();
        CiChanges changes = new CiChanges(current.version(), text(updates, "name"), text(updates, "typeId"), status,
                text(updates, "location"), text(updates, "ownerGroup"), attributes, text(updates, "documentationUrl"));
        ConfigurationItem updated = cmdb.update(current.id(), changes, actor, reason, change.id());
        return "Updated " + updated.id() + " to version " + updated.version();
    }

    String applyService(Change change, ServiceUpdate update) {
        return switch (change.changeType()) {
            case NEW_SERVICE -> "Introduced service " + services.introduce(update.serviceId(), update.serviceName(),
                    update.ownerGroup(), update.calendarId()).id();
            case RETIRE_SERVICE -> "Retired service " + services.retire(update.serviceId()).id();
            case SLA_CHANGE -> {
                var sla = services.changeTarget(update.slaId(), Priority.parse("priority", update.priority()),
                        update.responseMinutes(), update.resolutionMinutes());
                yield "SLA " + sla.id() + " " + update.priority() + " targets set to response "
                        + update.responseMinutes() + " min, resolution " + update.resolutionMinutes() + " min (version "
                        + sla.version() + ")";
            }
            default -> "No service update for a " + change.changeType() + " change";
        };
    }

    private static String text(Map<String, Object> updates, String field) {
        Object value = updates.get(field);
        return value == null ? null : value.toString();
    }
}
