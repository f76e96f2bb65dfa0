package org.itsmflow.complaint;

import java.util.Optional;

import org.itsmflow.platform.RecordOwner;
import org.springframework.stereotype.Component;

/** A complaint belongs to whoever raised it ({@code raisedBy}): what customers may read of it (SLA clocks, outages). */
@Component
class ComplaintOwner implements RecordOwner {

    private final ComplaintStore store;

    ComplaintOwner(ComplaintStore store) {
        this.store = store;
    }

    @Override
    public Optional<String> ownerOf(String recordId) {
        if (recordId == null || !recordId.startsWith("CMP-")) {
            return Optional.empty();
        }
        return store.find(recordId).map(Complaint::raisedBy);
    }
}
