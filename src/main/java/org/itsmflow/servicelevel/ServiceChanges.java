package org.itsmflow.servicelevel;

import org.itsmflow.platform.ConflictException;
import org.itsmflow.platform.InvalidFieldException;
import org.itsmflow.platform.NotFoundException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The only writes into the service catalogue and SLA store, and they come from implemented changes (R-5a new or
 * retired services, R-6.1b SLAs under change control). Change management calls these when a NEW_SERVICE,
 * RETIRE_SERVICE or SLA_CHANGE change is implemented; the writes join the process step's transaction.
 */
@Service
public class ServiceChanges {

    private final JdbcClient jdbc;
    private final ServiceCatalog catalog;

    ServiceChanges(JdbcClient jdbc, ServiceCatalog catalog) {
        this.jdbc = jdbc;
        this.catalog = catalog;
    }

    /** Adds a new active service to the catalogue (R-5a). 409 if the id is taken. */
    @Transactional
    public BusinessService introduce(String serviceId, String name, String ownerGroup, String calendarId) {
        if (catalog.find(serviceId).isPresent()) {
            throw new ConflictException("Service '" + serviceId + "' already exists");
        }
        if (name == null || name.isBlank()) {
            throw new InvalidFieldException("serviceName", "is required for a new service");
        }
        if (ownerGroup == null || ownerGroup.isBlank()) {
            throw new InvalidFieldException("ownerGroup", "is required for a new service");
        }
        String calendar = calendarId == null || calendarId.isBlank() ? "24x7" : calendarId;
        jdbc.sql("insert into service (id, name, owner_group, calendar_id, status) values (?, ?, ?, ?, ?)")
                .params(serviceId, name, ownerGroup, calendar, ServiceStatus.ACTIVE.name()).update();
        return catalog.require(serviceId, "serviceId");
    }

    /** Retires a service (R-5a): it stays in the catalogue for history, new incidents can no longer name it. */
    @Transactional
    public BusinessService retire(String serviceId) {
        catalog.require(serviceId, "serviceId");
        jdbc.sql("update service set status = ? where id = ?").params(ServiceStatus.RETIRED.name(), serviceId).update();
        return catalog.require(serviceId, "serviceId");
    }

    /** Sets the response and resolution targets of one priority of an SLA (R-6.1b); the SLA's version goes up. */
    @Transactional
    public Sla changeTarget(String slaId, Priority priority, int responseMinutes, int resolutionMinutes) {
        catalog.requireSla(slaId, "slaId");
        if (responseMinutes <= 0 || resolutionMinutes < responseMinutes) {
            throw new InvalidFieldException("resolutionMinutes",
                    "targets must be positive and resolution must not be shorter than response");
        }
        int rows = jdbc.sql("update sla_target set response_minutes = ?, resolution_minutes = ? where sla_id = ? and priority = ?")
                .params(responseMinutes, resolutionMinutes, slaId, priority.name()).update();
        if (rows == 0) {
            throw new NotFoundException("SLA target", slaId + " " + priority.name(), "priority");
        }
        jdbc.sql("update sla set version = version + 1 where id = ?").param(slaId).update();
        return catalog.requireSla(slaId, "slaId");
    }
}
