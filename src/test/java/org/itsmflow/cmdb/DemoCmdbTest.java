package org.itsmflow.cmdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The demo CMDB is a usable one: enough CIs, every demo service linked, history from the initial load. */
@PostgresTest
class DemoCmdbTest {

    static final List<String> SERVICES = List.of("email", "erp", "hr-portal", "online-shop", "remote-access");

    @Autowired
    CmdbService cmdb;

    @Test
    @DisplayName("R-9.1a R-9.1g the demo CMDB holds at least 30 CIs of every type, each with its CREATED entry")
    void demoCisAreRecorded() {
        List<ConfigurationItem> demo = demoCis();
        assertThat(demo).hasSizeGreaterThanOrEqualTo(30);
        assertThat(demo).extracting(ConfigurationItem::typeId).containsAll(
                cmdb.types().stream().map(CiType::id).toList());
        assertThat(demo).extracting(ConfigurationItem::status).contains(CiStatus.values());
        for (ConfigurationItem ci : demo) {
            assertThat(cmdb.history(ci.id()).get(0)).as(ci.id()).satisfies(entry -> {
                assertThat(entry.action()).isEqualTo(HistoryAction.CREATED);
                assertThat(entry.ciVersion()).isEqualTo(1);
                assertThat(entry.changedBy()).isEqualTo("system");
                assertThat(entry.reason()).isEqualTo("initial load");
            });
        }
    }

    @Test
    @DisplayName("R-9.1a every demo service is supported by CIs, and every live CI relates to something")
    void everyServiceIsLinked() {
        List<ConfigurationItem> demo = demoCis();
        assertThat(cmdb.servicesOf(demo.stream().map(ConfigurationItem::id).toList())).containsAll(SERVICES);
        for (String app : List.of("APP-EMAIL", "APP-ERP", "APP-SHOP", "APP-VPN", "APP-HR-PORTAL")) {
            assertThat(cmdb.servicesOf(List.of(app))).as(app).hasSize(1);
        }
        demo.stream().filter(ci -> ci.status() == CiStatus.LIVE).forEach(ci ->
                assertThat(cmdb.relationships(ci.id())).as(ci.id()).isNotEmpty());
    }

    @Test
    @DisplayName("R-9.1c a core switch failure reaches every demo service; the ERP database only ERP and the shop")
    void impactIsRealistic() {
        assertThat(cmdb.impact("NET-CORE-SW-01", ImpactDirection.DOWNSTREAM, 5).services()).containsAll(SERVICES);
        Impact erpDb = cmdb.impact("DB-ERP-PROD", ImpactDirection.DOWNSTREAM, 2);
        assertThat(erpDb.services()).containsExactly("erp", "online-shop");
        Impact shopNeeds = cmdb.impact("APP-SHOP", ImpactDirection.UPSTREAM, 2);
        assertThat(shopNeeds.affectedIds()).contains("VM-SHOP-WEB-01", "DB-SHOP-PROD", "NET-LB-01", "APP-ERP",
                "VM-SHOP-DB-01", "DB-ERP-PROD");
    }

    /** The demo rows (other test classes add their own CIs with a random suffix to the shared database). */
    private List<ConfigurationItem> demoCis() {
        List<ConfigurationItem> all = new java.util.ArrayList<>();
        for (int page = 0; ; page++) {
            CiPage result = cmdb.search(null, null, null, page, CmdbService.MAX_PAGE_SIZE);
            all.addAll(result.items());
            if (all.size() >= result.total() || result.items().isEmpty()) {
                break;
            }
        }
        return all.stream().filter(ci -> cmdb.history(ci.id()).get(0).changedBy().equals("system")).toList();
    }
}
