package org.itsmflow.incident;

import java.util.Optional;

import org.itsmflow.platform.RecordOwner;
import org.springframework.stereotype.Component;

/** An incident belongs to whoever reported it ({@code reportedBy}): what customers may read of it (SLA clocks, outages). */
@Component
class IncidentOwner implements RecordOwner {

    private final IncidentStore store;

    IncidentOwner(IncidentStore store) {
        this.store = store;
    }

    @Override
    public Optional<String> ownerOf(String recordId) {
        if (recordId == null || !recordId.startsWith("INC-")) {
            return Optional.empty();
        }
        return store.find(recordId).map(Incident::reportedBy);
    }
}
