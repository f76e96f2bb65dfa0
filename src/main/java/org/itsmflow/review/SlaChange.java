package org.itsmflow.review;

/** An SLA target change agreed in a review: new targets for one priority of one SLA of the reviewed service. */
record SlaChange(String slaId, String priority, Integer responseMinutes, Integer resolutionMinutes) {
}
