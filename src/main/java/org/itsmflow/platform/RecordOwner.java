package org.itsmflow.platform;

import java.util.Optional;

/**
 * Who a record belongs to in the customers' sense: the person who reported, raised or requested it. Each feature
 * whose records a customer may own contributes one bean (incidents, complaints, changes); {@link OwnRecords} asks
 * them all. Records of other features have no owner and stay hidden from customers.
 */
public interface RecordOwner {

    /** The record's owner (a user id), or empty when this feature keeps no record of this id. */
    Optional<String> ownerOf(String recordId);
}
