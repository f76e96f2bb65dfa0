package org.itsmflow.servicelevel;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.itsmflow.platform.NotFoundException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The service catalogue: services (R-6.1a), their SLAs and targets, and the customers using them (R-7.2a). The
 * public read API of service level management for the other features.
 */
@Service
@Transactional(readOnly = true)
public class ServiceCatalog {

    private final JdbcClient jdbc;

    ServiceCatalog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ---- services

    public List<BusinessService> findAll() {
        return jdbc.sql("select * from service order by id").query(ServiceCatalog::service).list();
    }

    public Optional<BusinessService> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        return jdbc.sql("select * from service where id = ?").param(id).query(ServiceCatalog::service).optional();
    }

    /**
     * @param field the request field that carried the id, named in the 404 (null for a path segment)
     * @throws NotFoundException when no service has this id
     */
    public BusinessService require(String id, String field) {
        return find(id).orElseThrow(() -> new NotFoundException("Service", id, field));
    }

    /** The active services a customer uses. */
    public List<BusinessService> servicesOf(String customerId) {
        return jdbc.sql("""
                select s.* from service s join service_customer sc on sc.service_id = s.id
                where sc.customer_id = ? order by s.id
                """).param(customerId).query(ServiceCatalog::service).list();
    }

    // ---- customers

    public List<Customer> customers() {
        return customers("select * from customer order by id", List.of());
    }

    public Optional<Customer> findCustomer(String id) {
        return customers("select * from customer where id = ?", List.of(id == null ? "" : id)).stream().findFirst();
    }

    /** @throws NotFoundException when no customer has this id */
    public Customer requireCustomer(String id, String field) {
        return findCustomer(id).orElseThrow(() -> new NotFoundException("Customer", id, field));
    }

    /** The customers of a service (R-7.2a). */
    public List<Customer> customersOf(String serviceId) {
        return customers("""
                select c.* from customer c join service_customer sc on sc.customer_id = c.id
                where sc.service_id = ? order by c.id
                """, List.of(serviceId));
    }

    /** The customer for whom an engine user is a contact, e.g. {@code kate} → {@code acme}. */
    public Optional<Customer> customerOfContact(String userId) {
        return customers("""
                select c.* from customer c join customer_contact cc on cc.customer_id = c.id
                where cc.user_id = ? order by c.id
                """, List.of(userId == null ? "" : userId)).stream().findFirst();
    }

    private List<Customer> customers(String sql, List<?> params) {
        List<String[]> heads = jdbc.sql(sql).params(params).query((rs, n) -> new String[] {
                rs.getString("id"), rs.getString("name"), rs.getString("contact_email"),
                Boolean.toString(rs.getBoolean("formal_complaints"))}).list();
        if (heads.isEmpty()) {
            return List.of();
        }
        Map<String, List<String>> contacts = new LinkedHashMap<>();
        jdbc.sql("select customer_id, user_id from customer_contact order by customer_id, user_id")
                .query(rs -> {
                    contacts.computeIfAbsent(rs.getString("customer_id"), k -> new ArrayList<>())
                            .add(rs.getString("user_id"));
                });
        return heads.stream().map(h -> new Customer(h[0], h[1], h[2], Boolean.parseBoolean(h[3]),
                List.copyOf(contacts.getOrDefault(h[0], List.of())))).toList();
    }

    // ---- SLAs

    /** The SLAs of a service, newest validity first. */
    public List<Sla> slasOf(String serviceId) {
        return slas("select * from sla where service_id = ? order by valid_from desc, id", serviceId);
    }

    public Optional<Sla> findSla(String id) {
        return slas("select * from sla where id = ?", id == null ? "" : id).stream().findFirst();
    }

    /** @throws NotFoundException when no SLA has this id */
    public Sla requireSla(String id, String field) {
        return findSla(id).orElseThrow(() -> new NotFoundException("SLA", id, field));
    }

    /**
     * The SLA that governs a service for a customer on a day: an SLA agreed with that customer if one is in force,
     * otherwise the service's SLA for all customers; of several, the one valid from the latest date.
     *
     * @param customerId may be null: then only SLAs for all customers count
     */
    public Optional<Sla> slaInForce(String serviceId, String customerId, LocalDate day) {
        List<Sla> inForce = slasOf(serviceId).stream().filter(s -> s.inForceOn(day)).toList();
        Comparator<Sla> newest = Comparator.comparing(Sla::validFrom);
        if (customerId != null) {
            Optional<Sla> own = inForce.stream().filter(s -> customerId.equals(s.customerId())).max(newest);
            if (own.isPresent()) {
                return own;
            }
        }
        return inForce.stream().filter(s -> s.customerId() == null).max(newest);
    }

    private List<Sla> slas(String sql, String param) {
        List<Sla> heads = jdbc.sql(sql).param(param).query((rs, n) -> new Sla(rs.getString("id"),
                rs.getString("service_id"), rs.getString("name"), rs.getString("customer_id"),
                rs.getObject("valid_from", LocalDate.class), rs.getObject("valid_to", LocalDate.class),
                rs.getString("calendar_id"), rs.getInt("warning_percent"), rs.getString("workload"),
                rs.getInt("version"), List.of())).list();
        List<Sla> result = new ArrayList<>(heads.size());
        for (Sla sla : heads) {
            List<SlaTarget> targets = jdbc.sql("""
                    select priority, response_minutes, resolution_minutes, business_hours
                    from sla_target where sla_id = ? order by priority
                    """).param(sla.id()).query((rs, n) -> new SlaTarget(Priority.valueOf(rs.getString("priority")),
                    rs.getInt("response_minutes"), rs.getInt("resolution_minutes"), rs.getBoolean("business_hours")))
                    .list();
            result.add(new Sla(sla.id(), sla.serviceId(), sla.name(), sla.customerId(), sla.validFrom(),
                    sla.validTo(), sla.calendarId(), sla.warningPercent(), sla.workload(), sla.version(), targets));
        }
        return result;
    }

    private static BusinessService service(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new BusinessService(rs.getString("id"), rs.getString("name"), rs.getString("description"),
                ServiceStatus.valueOf(rs.getString("status")), rs.getString("owner_group"),
                rs.getString("calendar_id"));
    }
}
