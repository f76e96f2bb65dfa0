package org.itsmflow.servicelevel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;

import org.itsmflow.platform.NotFoundException;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The catalogue and calendars as loaded from the Liquibase demo data on PostgreSQL (R-6.1a, R-7.2a). */
@PostgresTest
class ServiceCatalogTest {

    @Autowired
    ServiceCatalog catalog;

    @Autowired
    BusinessCalendars calendars;

    @Test
    @DisplayName("R-6.1a the five demo services, each with an SLA holding P1..P4 targets")
    void demoServicesWithSlas() {
        assertThat(catalog.findAll()).extracting(BusinessService::id)
                .contains("email", "erp", "online-shop", "remote-access", "hr-portal");
        assertThat(catalog.require("erp", "serviceId").name()).isEqualTo("ERP (finance and supply chain)");
        for (String id : new String[] {"email", "erp", "online-shop", "remote-access", "hr-portal"}) {
            BusinessService service = catalog.require(id, null);
            assertThat(service.ownerGroup()).isEqualTo("serviceowners");
            assertThat(service.status()).isEqualTo(ServiceStatus.ACTIVE);
            Sla sla = catalog.slaInForce(id, null, LocalDate.parse("2026-06-01")).orElseThrow();
            assertThat(sla.workload()).isNotBlank();
            assertThat(sla.warningPercent()).isEqualTo(75);
            assertThat(sla.targets()).extracting(SlaTarget::priority)
                    .containsExactly(Priority.P1, Priority.P2, Priority.P3, Priority.P4);
            assertThat(sla.target(Priority.P1).orElseThrow().businessHours()).isFalse();
            assertThat(sla.target(Priority.P3).orElseThrow().resolutionMinutes()).isEqualTo(27 * 60);
        }
    }

    @Test
    @DisplayName("R-6.1a unknown ids are NotFoundException naming the field")
    void unknownIds() {
        assertThat(catalog.find("nope")).isEmpty();
        assertThatThrownBy(() -> catalog.require("nope", "serviceId"))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.field()).isEqualTo("serviceId");
                    assertThat(e.getMessage()).isEqualTo("Service 'nope' does not exist");
                });
        assertThatThrownBy(() -> catalog.requireSla("SLA-NOPE", null)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> calendars.require("nope")).isInstanceOf(NotFoundException.class);
    }

    @Test
    @DisplayName("R-7.2a customers, their contact users and services")
    void customers() {
        assertThat(catalog.customers()).extracting(Customer::id).contains("acme", "globex");
        Customer acme = catalog.requireCustomer("acme", null);
        assertThat(acme.name()).isEqualTo("Acme Trading Co.");
        assertThat(acme.contacts()).containsExactly("kate");
        assertThat(catalog.customerOfContact("lee")).map(Customer::id).contains("globex");
        assertThat(catalog.customerOfContact("sara")).isEmpty();
        assertThat(catalog.customersOf("email")).extracting(Customer::id).contains("acme", "globex");
        assertThat(catalog.servicesOf("acme")).extracting(BusinessService::id).contains("online-shop")
                .doesNotContain("hr-portal");
    }

    @Test
    @DisplayName("R-6.1a the stored cn-business calendar matches the 2026 PRC holidays and make-up days")
    void storedCalendarMatchesTheReferenceCalendar() {
        BusinessCalendar stored = calendars.require("cn-business");
        BusinessCalendar reference = BusinessCalendarTest.cnBusiness2026();
        assertThat(stored.zone()).isEqualTo(reference.zone());
        assertThat(stored.name()).isEqualTo("China mainland business hours 2026 (demo)");
        assertThat(stored.exceptionDays()).hasSize(39);
        for (LocalDate d = LocalDate.parse("2025-12-29"); d.isBefore(LocalDate.parse("2027-01-04")); d = d.plusDays(1)) {
            assertThat(stored.spansOn(d)).as(d.toString()).isEqualTo(reference.spansOn(d));
        }
        assertThat(calendars.require("24x7").isAlwaysOpen()).isTrue();
    }
}
