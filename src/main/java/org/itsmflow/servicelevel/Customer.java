package org.itsmflow.servicelevel;

import java.util.List;

/**
 * A customer of one or more services (R-7.2a).
 *
 * @param formalComplaints whether the customer has agreed the formal complaint procedure with us (R-7.2c)
 * @param contacts engine user ids of the customer's contact people
 */
public record Customer(String id, String name, String contactEmail, boolean formalComplaints, List<String> contacts) {
}
