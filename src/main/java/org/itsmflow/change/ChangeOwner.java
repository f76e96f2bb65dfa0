package org.itsmflow.change;

import java.util.Optional;

import org.itsmflow.platform.RecordOwner;
import org.springframework.stereotype.Component;

/** A change belongs to whoever requested it ({@code requester}): what customers may read of it (SLA clocks, outages). */
@Component
class ChangeOwner implements RecordOwner {

    private final ChangeStore store;

    ChangeOwner(ChangeStore store) {
        this.store = store;
    }

    @Override
    public Optional<String> ownerOf(String recordId) {
        if (recordId == null || !recordId.startsWith("CHG-")) {
            return Optional.empty();
        }
        return store.find(recordId).map(Change::requester);
    }
}
