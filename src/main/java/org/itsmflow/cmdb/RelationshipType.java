package org.itsmflow.cmdb;

/**
 * How two CIs relate, read "source type target": {@code APP-ERP RUNS_ON SRV-ERP-01}, {@code APP-ERP DEPENDS_ON
 * DB-ERP-PROD}. The source relies on the target, except {@link #CONNECTED_TO}, which impact analysis follows both ways.
 */
public enum RelationshipType {
    DEPENDS_ON, RUNS_ON, CONNECTED_TO, PART_OF
}
