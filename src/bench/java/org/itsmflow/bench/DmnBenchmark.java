package org.itsmflow.bench;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * DMN decisions per second, each table in process (issue 9, item 4), single thread. {@code legacy} is the
 * product's setting ({@code dmn-feel-enable-legacy-behavior: true}: Java FEEL for input entries, JUEL for input
 * expressions); {@code scala} is the default feel-scala engine, for comparison (docs/adr/0002). The inputs cycle
 * through every combination the API accepts, so every rule is hit, not one cached path.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgs = {"-Xmx1g"})
public class DmnBenchmark {

    @Param({"legacy", "scala"})
    public String feel;

    private DmnDecision priority;
    private DmnDecision classification;
    private DmnEngine engine;
    private final List<VariableMap> priorityInputs = new ArrayList<>();
    private final List<VariableMap> classificationInputs = new ArrayList<>();
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        // no logback configuration on this class path: logback would log every evaluation at DEBUG
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        DefaultDmnEngineConfiguration configuration = (DefaultDmnEngineConfiguration) DefaultDmnEngineConfiguration
                .createDefaultDmnEngineConfiguration();
        configuration.enableFeelLegacyBehavior("legacy".equals(feel));
        engine = configuration.buildEngine();
        String dir = System.getProperty("bench.dmn", "dmn");
        try (InputStream in = Files.newInputStream(Path.of(dir, "IncidentPriority.dmn"))) {
            priority = engine.parseDecision("IncidentPriority", in);
        }
        try (InputStream in = Files.newInputStream(Path.of(dir, "IncidentClassification.dmn"))) {
            classification = engine.parseDecision("IncidentClassification", in);
        }
        String[] levels = {"HIGH", "MEDIUM", "LOW"};
        for (String impact : levels) {
            for (String urgency : levels) {
                priorityInputs.add(Variables.createVariables().putValue("impact", impact).putValue("urgency", urgency));
            }
        }
        String[] categories = {"hardware", "software", "network", "security", "access", "other"};
        String[] services = {"erp", "email", "online-shop", "remote-access", "hr-portal"};
        String[] ciTypes = {"", "APPLICATION", "DATABASE", "SERVER", "VIRTUAL_MACHINE", "NETWORK_DEVICE", "STORAGE"};
        String[] priorities = {"P1", "P2", "P3", "P4"};
        for (String category : categories) {
            for (int s = 0; s < services.length; s++) {
                for (int c = 0; c < ciTypes.length; c++) {
                    classificationInputs.add(Variables.createVariables().putValue("category", category)
                            .putValue("serviceId", services[s]).putValue("ciType", ciTypes[c])
                            .putValue("priority", priorities[(s + c) % priorities.length]));
                }
            }
        }
    }

    @Benchmark
    public Object incidentPriority() {
        next = (next + 1) % priorityInputs.size();
        return engine.evaluateDecisionTable(priority, priorityInputs.get(next)).getSingleResult();
    }

    @Benchmark
    public Object incidentClassification() {
        next = (next + 1) % classificationInputs.size();
        return engine.evaluateDecisionTable(classification, classificationInputs.get(next)).getFirstResult();
    }
}
