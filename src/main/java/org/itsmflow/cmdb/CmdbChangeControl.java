package org.itsmflow.cmdb;

/**
 * Change control of the CMDB (R-9.1g): decides whether a change record authorises a write on a CI. Change management
 * implements it; the CMDB depends only on this interface, never on the change feature.
 */
public interface CmdbChangeControl {

    /** Whether change {@code changeId} is being implemented or implemented and names CI {@code ciId}. */
    boolean authorises(String changeId, String ciId);
}
