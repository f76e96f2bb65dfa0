package org.itsmflow.platform;

import java.util.List;

import org.springframework.stereotype.Component;

/**
 * Whether a record is the caller's own (they reported, raised or requested it), asked of every feature's
 * {@link RecordOwner}. What a customer reads of a record that is not theirs answers 404, as for the records
 * themselves: others' records are not even confirmed to exist.
 */
@Component
public class OwnRecords {

    private final List<RecordOwner> owners;

    OwnRecords(List<RecordOwner> owners) {
        this.owners = List.copyOf(owners);
    }

    /** Whether {@code user} reported, raised or requested the record {@code recordId}. */
    public boolean owns(String user, String recordId) {
        if (user == null || recordId == null) {
            return false;
        }
        for (RecordOwner owner : owners) {
            if (owner.ownerOf(recordId).map(user::equals).orElse(false)) {
                return true;
            }
        }
        return false;
    }
}
