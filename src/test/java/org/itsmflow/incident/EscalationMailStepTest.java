package org.itsmflow.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;

import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Where the escalation mail is sent (R-8.2c): in the model, every escalate step is followed by an asynchronous mail
 * step; an instance still running on a model version from before that (escalate, then end) is mailed by the escalate
 * step itself, as that version was, so no escalation of an in-flight incident goes unmailed.
 */
class EscalationMailStepTest {

    @Test
    @DisplayName("R-8.2c every escalate step of IncidentManagement is followed by its mail step, which queues the mail in the same transaction (no asynchronous step: the outbox retries)")
    void everyEscalationHasItsMailStep() {
        BpmnModelInstance model = Bpmn.readModelFromFile(new File("bpmn/IncidentManagement.bpmn"));
        var escalates = model.getModelElementsByType(ServiceTask.class).stream()
                .filter(t -> "${escalateIncidentDelegate}".equals(t.getCamundaDelegateExpression())).toList();
        assertThat(escalates).extracting(FlowElement::getId).containsExactlyInAnyOrder("ServiceTask_EscalateResponse",
                "ServiceTask_EscalateBreach", "ServiceTask_EscalateMajorBreach");
        assertThat(escalates).allMatch(NotificationDelegates.Escalate::mailStepFollows);
        assertThat(model.getModelElementsByType(ServiceTask.class).stream()
                .filter(t -> "${notifyEscalationDelegate}".equals(t.getCamundaDelegateExpression())))
                .hasSize(3);
        // ADR 0013: mail goes through the outbox, so no notify step needs an asynchronous continuation (a job per
        // mail) or the engine's retries
        assertThat(model.getModelElementsByType(ServiceTask.class).stream()
                .filter(t -> t.getCamundaDelegateExpression() != null
                        && t.getCamundaDelegateExpression().matches("\\$\\{notify(Escalation|Customer)Delegate}")))
                .hasSize(12)
                .noneMatch(ServiceTask::isCamundaAsyncBefore)
                .allMatch(t -> t.getExtensionElements() == null || t.getExtensionElements().getElementsQuery()
                        .filterByType(org.camunda.bpm.model.bpmn.instance.camunda.CamundaFailedJobRetryTimeCycle.class)
                        .count() == 0);
    }

    @Test
    @DisplayName("R-6.1d R-8.2c every escalate and escalation-mail task names its target in an extension property, not a variable")
    void escalationKindIsAnExtensionProperty() {
        BpmnModelInstance model = Bpmn.readModelFromFile(new File("bpmn/IncidentManagement.bpmn"));
        var tasks = model.getModelElementsByType(ServiceTask.class).stream()
                .filter(t -> "${escalateIncidentDelegate}".equals(t.getCamundaDelegateExpression())
                        || "${notifyEscalationDelegate}".equals(t.getCamundaDelegateExpression()))
                .toList();
        assertThat(tasks).hasSize(6);
        assertThat(tasks).allSatisfy(t -> {
            assertThat(NotificationDelegates.property(t, NotificationDelegates.ESCALATION)).as(t.getId())
                    .isIn("RESPONSE", "RESOLUTION");
            assertThat(t.getExtensionElements().getElementsQuery()
                    .filterByType(org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput.class).count())
                    .as(t.getId() + " has no input parameters (each would be a variable written per escalation)")
                    .isZero();
        });
        assertThat(NotificationDelegates.property((FlowElement) model.getModelElementById("ServiceTask_EscalateResponse"),
                NotificationDelegates.ESCALATION)).isEqualTo("RESPONSE");
        assertThat(NotificationDelegates.property((FlowElement) model.getModelElementById(
                "ServiceTask_NotifyMajorEscalation"), NotificationDelegates.ESCALATION)).isEqualTo("RESOLUTION");
    }

    @Test
    @DisplayName("R-6.1d an escalate task of an earlier model version (input parameter, no property) is read from its variable")
    void earlierModelVersionNamesItsTargetInAVariable() {
        BpmnModelInstance earlier = Bpmn.createExecutableProcess("EarlierIncidentManagement").startEvent()
                .serviceTask("ServiceTask_EscalateResponse").camundaDelegateExpression("${escalateIncidentDelegate}")
                .camundaInputParameter("escalation", "RESPONSE").endEvent().done();
        FlowElement task = earlier.getModelElementById("ServiceTask_EscalateResponse");
        assertThat(NotificationDelegates.property(task, NotificationDelegates.ESCALATION)).isNull();
        org.camunda.bpm.engine.delegate.DelegateExecution execution =
                org.mockito.Mockito.mock(org.camunda.bpm.engine.delegate.DelegateExecution.class);
        org.mockito.Mockito.when(execution.getBpmnModelElementInstance()).thenReturn(task);
        org.mockito.Mockito.when(execution.getVariable("escalation")).thenReturn("RESPONSE");
        assertThat(NotificationDelegates.escalation(execution))
                .isEqualTo(org.itsmflow.servicelevel.ClockKind.RESPONSE);
    }

    @Test
    @DisplayName("R-8.2c an instance of the earlier model (escalate, then end) is still mailed by the escalate step")
    void earlierModelVersionMailsInTheEscalateStep() {
        BpmnModelInstance earlier = Bpmn.createExecutableProcess("EarlierIncidentManagement").startEvent()
                .serviceTask("ServiceTask_EscalateBreach").camundaDelegateExpression("${escalateIncidentDelegate}")
                .endEvent().done();
        assertThat(NotificationDelegates.Escalate.mailStepFollows(
                (FlowElement) earlier.getModelElementById("ServiceTask_EscalateBreach"))).isFalse();
    }
}
