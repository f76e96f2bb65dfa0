package org.itsmflow.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.task.Task;
import org.itsmflow.complaint.Complaint;
import org.itsmflow.complaint.ComplaintService;
import org.itsmflow.complaint.ComplaintStatus;
import org.itsmflow.complaint.NewComplaint;
import org.itsmflow.complaint.Severity;
import org.itsmflow.incident.Incident;
import org.itsmflow.incident.IncidentService;
import org.itsmflow.incident.Level;
import org.itsmflow.incident.NewIncident;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A customer-relations officer's path through Tasklist (R-7.2c, R-7.2e): carla acknowledges a customer's formal
 * complaint about an incident, then investigates it with the incident and its history on the form.
 */
@PostgresTest
@ExtendWith(BrowserExtension.class)
class ComplaintBrowserTest {

    static final String FORM = "[cam-tasklist-form-camunda] .fjs-container ";

    @Autowired
    ProcessEngine engine;
    @Autowired
    ComplaintService complaints;
    @Autowired
    IncidentService incidents;

    @Test
    @DisplayName("R-7.2c R-7.2e carla (customer relations) acknowledges and investigates a complaint in Tasklist")
    void customerRelationsHandlesComplaint(Browser browser) {
        Incident incident = incidents.report(new NewIncident("Mail bounces", "All afternoon", "email", null,
                "software", Level.MEDIUM, Level.MEDIUM, "kate"), "kate");
        Complaint complaint = complaints.raise(new NewComplaint("Our mail bounced all afternoon",
                "Nobody told us it was being fixed", Severity.MEDIUM, null, incident.id(), null, null, null), "kate");
        Task acknowledge = task(complaint, "UserTask_AcknowledgeComplaint");

        browser.open("tasklist").login("carla", "carla").waitForTasklist();
        browser.openPath("/camunda/app/tasklist/default/#/?task=" + acknowledge.getId());
        browser.until(d -> value(d, "complaintSummary").contains(complaint.id()));
        assertThat(value(browser.driver(), "complaintSummary")).contains("formal complaint")
                .contains("Acme Trading Co.").contains("Acknowledge by");

        browser.claimAndWaitForForm();
        browser.typeIntoForm("acknowledgement", "We are sorry; we are looking into it today.");
        browser.completeForm();
        browser.until(d -> engine.getTaskService().createTaskQuery().taskId(acknowledge.getId()).count() == 0);
        assertThat(complaints.require(complaint.id()).status()).isEqualTo(ComplaintStatus.ACKNOWLEDGED);
        assertThat(complaints.view(complaint.id()).journal()).anyMatch(e -> "ACKNOWLEDGED".equals(e.code())
                && "carla".equals(e.actor()) && e.text().contains("looking into it"));

        Task investigate = task(complaint, "UserTask_InvestigateComplaint");
        browser.openPath("/camunda/app/tasklist/default/#/?task=" + investigate.getId());
        browser.until(d -> value(d, "referenceSummary").contains(incident.id()));
        assertThat(value(browser.driver(), "referenceSummary")).contains("History").contains("Incident recorded");
        browser.claimAndWaitForForm();
        browser.typeIntoForm("investigationNote", "The incident was fixed but the customer was not told.");
        browser.completeForm();
        browser.until(d -> engine.getTaskService().createTaskQuery().taskId(investigate.getId()).count() == 0);
        Complaint investigated = complaints.require(complaint.id());
        assertThat(investigated.status()).isEqualTo(ComplaintStatus.INVESTIGATED);
        assertThat(investigated.causeFound()).isFalse();
        assertThat(task(complaint, "UserTask_DecideActions")).isNotNull();
    }

    private Task task(Complaint complaint, String key) {
        return engine.getTaskService().createTaskQuery().processInstanceBusinessKey(complaint.id())
                .taskDefinitionKey(key).singleResult();
    }

    private static String value(WebDriver d, String key) {
        return d.findElements(By.cssSelector(FORM + "textarea[id$='_" + key + "'], " + FORM + "textarea[id$='-" + key
                + "'], " + FORM + "input[id$='_" + key + "']")).stream().map(e -> e.getAttribute("value"))
                .filter(v -> v != null).findFirst().orElse("");
    }
}
