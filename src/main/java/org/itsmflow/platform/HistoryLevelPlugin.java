package org.itsmflow.platform;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.HistoryLevel;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Registers {@link ItsmHistoryLevel} with the engine, so that {@code camunda.bpm.history-level: itsm-full}
 * (application.yaml) selects it (ADR 0012). Registering it does not select it: with {@code full} the engine writes
 * what it always did (the stored level in ACT_GE_PROPERTY must then be 3 again, see changeset performance-003).
 */
@Component
class HistoryLevelPlugin extends AbstractProcessEnginePlugin {

    private final ItsmHistoryLevel level;

    HistoryLevelPlugin(TaskDisplay display,
            @Value("${itsm.history.journalled-processes:}") Set<String> journalledProcesses,
            @Value("${itsm.history.display-copies:false}") boolean displayCopies) {
        Set<String> keys = new LinkedHashSet<>();
        journalledProcesses.stream().map(String::trim).filter(key -> !key.isEmpty()).forEach(keys::add);
        // itsm.history.display-copies=true writes their history as level full does (an A/B switch for the bench)
        this.level = new ItsmHistoryLevel(displayCopies ? null : display, keys);
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<HistoryLevel> levels = configuration.getCustomHistoryLevels() == null ? new ArrayList<>()
                : new ArrayList<>(configuration.getCustomHistoryLevels());
        levels.add(level);
        configuration.setCustomHistoryLevels(levels);
    }
}
