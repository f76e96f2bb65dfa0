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
    @DisplayName("R-8.2c every escalate step of IncidentManagement is followed by its own asynchronous, retried mail step")
    void everyEscalationHasItsMailStep() {
        BpmnModelInstance model = Bpmn.readModelFromFile(new File("bpmn/IncidentManagement.bpmn"));
        var escalates = model.getModelElementsByType(ServiceTask.class).stream()
                .filter(t -> "${escalateIncidentDelegate}".equals(t.getCamundaDelegateExpression())).toList();
        assertThat(escalates).extracting(FlowElement::getId).containsExactlyInAnyOrder("ServiceTask_EscalateResponse",
                "ServiceTask_EscalateBreach", "ServiceTask_EscalateMajorBreach");
        assertThat(escalates).allMatch(NotificationDelegates.Escalate::mailStepFollows);
        assertThat(model.getModelElementsByType(ServiceTask.class).stream()
                .filter(t -> "${notifyEscalationDelegate}".equals(t.getCamundaDelegateExpression())))
                .hasSize(3).allMatch(ServiceTask::isCamundaAsyncBefore)
                .allMatch(t -> t.getExtensionElements().getElementsQuery()
                        .filterByType(org.camunda.bpm.model.bpmn.instance.camunda.CamundaFailedJobRetryTimeCycle.class)
                        .count() == 1);
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
