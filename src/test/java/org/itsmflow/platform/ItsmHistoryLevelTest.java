package org.itsmflow.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import java.util.Map;
import java.util.Set;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.MessageEntity;
import org.camunda.bpm.engine.impl.persistence.entity.VariableInstanceEntity;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What {@link ItsmHistoryLevel} lets the engine write, event by event (ADR 0012); no engine, no database. */
class ItsmHistoryLevelTest {

    final TaskDisplay display = new TaskDisplay();
    final ItsmHistoryLevel level = new ItsmHistoryLevel(display, Set.of("IncidentManagement"));

    @Test
    @DisplayName("task-local display copies shown through TaskDisplay leave no variable history; other variables do")
    void displayCopiesHaveNoHistory() {
        DelegateTask task = mock(DelegateTask.class);
        display.show(task, Map.of("incidentTitle", "Printer on fire"));
        verify(task).setVariablesLocal(Map.of("incidentTitle", "Printer on fire"));

        for (HistoryEventTypes type : new HistoryEventTypes[] { HistoryEventTypes.VARIABLE_INSTANCE_CREATE,
                HistoryEventTypes.VARIABLE_INSTANCE_UPDATE, HistoryEventTypes.VARIABLE_INSTANCE_DELETE }) {
            assertThat(level.isHistoryEventProduced(type, variable("task-1", "incidentTitle"))).as(type.name()).isFalse();
            // the same name as a process variable, and a task-local variable nobody showed, keep their history
            assertThat(level.isHistoryEventProduced(type, variable(null, "incidentTitle"))).as(type.name()).isTrue();
            assertThat(level.isHistoryEventProduced(type, variable("task-1", "note"))).as(type.name()).isTrue();
        }
        assertThat(level.isHistoryEventProduced(HistoryEventTypes.VARIABLE_INSTANCE_UPDATE_DETAIL,
                update("task-1", "incidentTitle", "SatisfactionFollowUp"))).isFalse();
    }

    @Test
    @DisplayName("variable-update details only for processes that are not listed; everything else as history level full")
    void detailsPerProcessDefinitionKey() {
        assertThat(level.isHistoryEventProduced(HistoryEventTypes.VARIABLE_INSTANCE_UPDATE_DETAIL,
                update(null, "priority", "IncidentManagement"))).isFalse();
        assertThat(level.isHistoryEventProduced(HistoryEventTypes.VARIABLE_INSTANCE_UPDATE_DETAIL,
                update(null, "score", "SatisfactionFollowUp"))).isTrue();
        // the historic variable instance (last value) of the incident process stays
        assertThat(level.isHistoryEventProduced(HistoryEventTypes.VARIABLE_INSTANCE_CREATE,
                variable(null, "priority"))).isTrue();
        ExecutionEntity execution = new ExecutionEntity();
        Set<HistoryEventTypes> cut = Set.of(HistoryEventTypes.VARIABLE_INSTANCE_UPDATE_DETAIL,
                HistoryEventTypes.JOB_CREATE, HistoryEventTypes.JOB_SUCCESS, HistoryEventTypes.JOB_DELETE);
        for (HistoryEventTypes type : HistoryEventTypes.values()) {
            if (!cut.contains(type)) {
                assertThat(level.isHistoryEventProduced(type, execution)).as(type.name()).isTrue();
            }
            assertThat(level.isHistoryEventProduced(type, null)).as(type.name() + " in general").isTrue();
        }
        assertThat(level.getId()).isGreaterThan(3);
        assertThat(level.getName()).isEqualTo("itsm-full");
    }

    @Test
    @DisplayName("the job log of a journalled process keeps failures only; other jobs (batches, other processes) log everything")
    void jobLogKeepsFailures() {
        MessageEntity incidentJob = new MessageEntity();
        incidentJob.setProcessDefinitionKey("IncidentManagement");
        MessageEntity otherJob = new MessageEntity();
        otherJob.setProcessDefinitionKey("SatisfactionFollowUp");
        MessageEntity batchJob = new MessageEntity();
        for (HistoryEventTypes type : new HistoryEventTypes[] { HistoryEventTypes.JOB_CREATE,
                HistoryEventTypes.JOB_SUCCESS, HistoryEventTypes.JOB_DELETE }) {
            assertThat(level.isHistoryEventProduced(type, incidentJob)).as(type.name()).isFalse();
            assertThat(level.isHistoryEventProduced(type, otherJob)).as(type.name()).isTrue();
            assertThat(level.isHistoryEventProduced(type, batchJob)).as(type.name()).isTrue();
        }
        assertThat(level.isHistoryEventProduced(HistoryEventTypes.JOB_FAIL, incidentJob)).isTrue();
    }

    private static VariableInstanceEntity variable(String taskId, String name) {
        VariableInstanceEntity variable = new VariableInstanceEntity();
        variable.setTaskId(taskId);
        variable.setName(name);
        return variable;
    }

    private static HistoricVariableUpdateEventEntity update(String taskId, String name, String processKey) {
        HistoricVariableUpdateEventEntity update = new HistoricVariableUpdateEventEntity();
        update.setTaskId(taskId);
        update.setVariableName(name);
        update.setProcessDefinitionKey(processKey);
        return update;
    }
}
