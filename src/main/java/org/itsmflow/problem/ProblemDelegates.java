package org.itsmflow.problem;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.itsmflow.platform.FormValues;
import org.itsmflow.change.Change;
import org.itsmflow.platform.DecisionResults;
import org.itsmflow.platform.InvalidFieldException;
import org.itsmflow.platform.EngineUser;
import org.springframework.stereotype.Component;

/** The service tasks of {@code bpmn/ProblemManagement.bpmn}: thin, each one call into {@link ProblemService}. */
final class ProblemDelegates {

    private ProblemDelegates() {
    }

    static String id(DelegateExecution execution) {
        return (String) execution.getVariable(ProblemVariables.PROBLEM_ID);
    }


    static List<String> list(DelegateExecution execution, String name) {
        String value = FormValues.text(execution, name);
        return value == null ? List.of()
                : Arrays.stream(value.split("[,\\s]+")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
    }

    static Instant instant(DelegateExecution execution, String name) {
        Object value = execution.getVariable(name);
        if (value instanceof Date date) {
            return date.toInstant();
        }
        String text = FormValues.text(execution, name);
        if (text == null) {
            throw new InvalidFieldException(name, "is required");
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidFieldException(name, "must be a date and time with offset, e.g. 2026-12-05T22:00+08:00");
        }
    }

    /** ServiceTask_RecordProblem (R-8.3a): a problem started from Tasklist is recorded here. */
    @Component("recordProblemDelegate")
    static class Record implements JavaDelegate {
        private final ProblemService problems;

        Record(ProblemService problems) {
            this.problems = problems;
        }

        @Override
        public void execute(DelegateExecution execution) {
            if (execution.hasVariable(ProblemVariables.PROBLEM_ID)) {
                return;
            }
            List<String> incidents = list(execution, "incidentIds");
            NewProblem form = new NewProblem(FormValues.text(execution, "title"), FormValues.text(execution, "description"),
                    FormValues.text(execution, "serviceId"), FormValues.text(execution, "ciId"), FormValues.text(execution, ProblemVariables.CATEGORY),
                    FormValues.text(execution, ProblemVariables.IMPACT), FormValues.text(execution, ProblemVariables.URGENCY),
                    incidents.isEmpty() ? null : incidents);
            Problem problem = problems.recordFromStartForm(form, FormValues.text(execution, "raisedBy"),
                    execution.getProcessInstanceId());
            execution.setProcessBusinessKey(problem.id());
            for (String name : List.of("title", "description", "serviceId", "ciId", "incidentIds")) {
                execution.removeVariable(name);
            }
            execution.setVariables(problems.startVariables(problem));
        }
    }

    /** ServiceTask_ApplyPriority (R-8.3b): records what ProblemPriority decided. */
    @Component("applyProblemPriorityDelegate")
    static class ApplyPriority implements JavaDelegate {
        private final ProblemService problems;

        ApplyPriority(ProblemService problems) {
            this.problems = problems;
        }

        @Override
        public void execute(DelegateExecution execution) {
            Map<String, Object> outputs = DecisionResults.singleResult(execution, "ProblemPriority", ProblemVariables.PRIORITY_DECISION);
            String group = (String) outputs.get("assignmentGroup");
            problems.applyPriority(id(execution), (String) outputs.get("priority"),
                    (String) outputs.get("priorityReason"), group);
            execution.setVariable(ProblemVariables.ASSIGNMENT_GROUP, group);
        }
    }

    /** ServiceTask_RecordKnownError (R-8.3f). */
    @Component("recordKnownErrorDelegate")
    static class RecordKnownError implements JavaDelegate {
        private final ProblemService problems;

        RecordKnownError(ProblemService problems) {
            this.problems = problems;
        }

        @Override
        public void execute(DelegateExecution execution) {
            String knownErrorId = problems.recordKnownError(id(execution), FormValues.text(execution, "rootCause"),
                    FormValues.text(execution, "symptoms"), FormValues.text(execution, "workaround"));
            execution.setVariable("knownErrorId", knownErrorId);
        }
    }

    /** ServiceTask_RaiseChange (R-8.3d): the RFC for the permanent fix, requested by the task's assignee. */
    @Component("raiseProblemChangeDelegate")
    static class RaiseChange implements JavaDelegate {
        private final ProblemService problems;
        private final EngineUser engineUser;

        RaiseChange(ProblemService problems, EngineUser engineUser) {
            this.problems = problems;
            this.engineUser = engineUser;
        }

        @Override
        public void execute(DelegateExecution execution) {
            Problem problem = problems.require(id(execution));
            List<String> cis = list(execution, "affectedCiIds");
            if (cis.isEmpty() && problem.ciId() != null) {
                cis = List.of(problem.ciId());
            }
            String requester = FormValues.text(execution, ProblemVariables.FIX_PLANNER);
            if (requester == null) {
                requester = engineUser.actor();
            }
            String type = FormValues.text(execution, "changeType");
            String urgency = FormValues.text(execution, "changeUrgency");
            try {
                Change change = problems.raiseFix(problem.id(), ProblemService.fixRequest(problem,
                        FormValues.text(execution, "fixTitle"), type == null ? "NORMAL" : type,
                        urgency == null ? "MEDIUM" : urgency, cis, instant(execution, "plannedStart"),
                        instant(execution, "plannedEnd"), FormValues.text(execution, "implementationPlan"),
                        FormValues.text(execution, "backoutPlan")), requester);
                execution.setVariable(ProblemVariables.CHANGE_ID, change.id());
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException("changeType", "must be STANDARD, NORMAL or EMERGENCY; urgency HIGH, "
                        + "MEDIUM or LOW");
            }
        }
    }

    /** ServiceTask_CheckChange (R-8.3e): polls the fix's change. */
    @Component("checkProblemChangeDelegate")
    static class CheckChange implements JavaDelegate {
        private final ProblemService problems;

        CheckChange(ProblemService problems) {
            this.problems = problems;
        }

        @Override
        public void execute(DelegateExecution execution) {
            String status = problems.fixStatus(id(execution));
            if ("FAILED".equals(status)) {
                problems.fixFailed(id(execution));
            }
            execution.setVariable(ProblemVariables.FIX_STATUS, status);
        }
    }

    /** ServiceTask_StartWatch (R-8.3e). */
    @Component("startProblemWatchDelegate")
    static class StartWatch implements JavaDelegate {
        private final ProblemService problems;

        StartWatch(ProblemService problems) {
            this.problems = problems;
        }

        @Override
        public void execute(DelegateExecution execution) {
            problems.startWatch(id(execution), FormValues.text(execution, ProblemVariables.WATCH_PERIOD));
        }
    }

    /** ServiceTask_ReviewEffectiveness (R-8.3e): did the incidents recur since the fix? */
    @Component("reviewProblemEffectivenessDelegate")
    static class ReviewEffectiveness implements JavaDelegate {
        private final ProblemService problems;

        ReviewEffectiveness(ProblemService problems) {
            this.problems = problems;
        }

        @Override
        public void execute(DelegateExecution execution) {
            execution.setVariable(ProblemVariables.RECURRED, !problems.recurrences(id(execution)).isEmpty());
        }
    }

    /** ServiceTask_ReopenProblem (R-8.3e). */
    @Component("reopenProblemDelegate")
    static class Reopen implements JavaDelegate {
        private final ProblemService problems;

        Reopen(ProblemService problems) {
            this.problems = problems;
        }

        @Override
        public void execute(DelegateExecution execution) {
            problems.reopen(id(execution), problems.recurrences(id(execution)));
        }
    }

    /** ServiceTask_CloseProblem (R-8.3e). */
    @Component("closeProblemDelegate")
    static class Close implements JavaDelegate {
        private final ProblemService problems;

        Close(ProblemService problems) {
            this.problems = problems;
        }

        @Override
        public void execute(DelegateExecution execution) {
            problems.close(id(execution));
        }
    }
}
