package org.itsmflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.itsmflow.platform.DeploymentRules.Refusal;
import org.itsmflow.platform.DeploymentRules.Rule;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The deployment guard's rules on their own: each rule refuses what it must, the product's models all pass. */
class DeploymentRulesTest {

    /** The delegate beans these tests know; "jdbcClient" and "processEngine" are other application beans. */
    static final Set<String> DELEGATES = Set.of("recordIncidentDelegate", "fourEyesListener");
    static final Set<String> BEANS = Set.of("recordIncidentDelegate", "fourEyesListener", "jdbcClient",
            "processEngine", "dataSource", "taskPriority");
    final DeploymentRules rules = new DeploymentRules(DELEGATES::contains, BEANS::contains);

    static String process(String body) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Definitions_Test"
                    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="http://itsm-flow.org/test">
                  <bpmn:process id="Test" isExecutable="true" camunda:historyTimeToLive="P1D">
                %s
                  </bpmn:process>
                </bpmn:definitions>""".formatted(body);
    }

    List<Refusal> check(String name, String xml) {
        return rules.check(name, xml.getBytes(StandardCharsets.UTF_8));
    }

    static Stream<Path> productModels() throws IOException {
        return Stream.concat(Files.list(Path.of("bpmn")), Files.list(Path.of("dmn"))).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("productModels")
    @DisplayName("Every model of the product passes the guard (with the application's real beans in DeploymentGuardTest)")
    void productModelsPass(Path model) throws IOException {
        DeploymentRules withProductNames = new DeploymentRules(name -> name.endsWith("Delegate")
                || name.endsWith("Listener"), BEANS::contains);
        assertThat(withProductNames.check(model.getFileName().toString(), Files.readAllBytes(model))).isEmpty();
    }

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            <bpmn:scriptTask id="ScriptTask_Evil" scriptFormat="javascript"><bpmn:script>1</bpmn:script></bpmn:scriptTask> | SCRIPT | ScriptTask_Evil
            <bpmn:serviceTask id="ServiceTask_Class" camunda:class="com.example.Evil"/> | JAVA_CLASS | ServiceTask_Class
            <bpmn:userTask id="UserTask_Listener"><bpmn:extensionElements><camunda:taskListener event="create"><camunda:script scriptFormat="groovy">x</camunda:script></camunda:taskListener></bpmn:extensionElements></bpmn:userTask> | SCRIPT | UserTask_Listener
            <bpmn:userTask id="UserTask_ClassListener"><bpmn:extensionElements><camunda:executionListener event="start" class="x.Y"/></bpmn:extensionElements></bpmn:userTask> | JAVA_CLASS | UserTask_ClassListener
            <bpmn:serviceTask id="ServiceTask_Io"><bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name="x"><camunda:script scriptFormat="javascript" resource="http://evil.example/x.js"/></camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements></bpmn:serviceTask> | SCRIPT | ServiceTask_Io
            <bpmn:sequenceFlow id="Flow_Script" sourceRef="a" targetRef="b"><bpmn:conditionExpression language="groovy">true</bpmn:conditionExpression></bpmn:sequenceFlow> | SCRIPT | Flow_Script
            <bpmn:serviceTask id="ServiceTask_Connector"><bpmn:extensionElements><camunda:connector><camunda:connectorId>http-connector</camunda:connectorId></camunda:connector></bpmn:extensionElements></bpmn:serviceTask> | EXTERNAL_RESOURCE | ServiceTask_Connector
            <bpmn:serviceTask id="ServiceTask_Bean" camunda:expression="${jdbcClient.sql('drop table incident').update()}"/> | EXPRESSION | ServiceTask_Bean
            <bpmn:serviceTask id="ServiceTask_Engine" camunda:expression="${execution.getProcessEngineServices().getRepositoryService()}"/> | EXPRESSION | ServiceTask_Engine
            <bpmn:serviceTask id="ServiceTask_Class2" camunda:expression="${''.getClass().forName('java.lang.Runtime')}"/> | EXPRESSION | ServiceTask_Class2
            <bpmn:serviceTask id="ServiceTask_Spel" camunda:expression="${T(java.lang.Runtime).getRuntime()}"/> | EXPRESSION | ServiceTask_Spel
            <bpmn:serviceTask id="ServiceTask_Member" camunda:delegateExpression="${recordIncidentDelegate.getClass()}"/> | EXPRESSION | ServiceTask_Member
            <bpmn:serviceTask id="ServiceTask_Index" camunda:expression="${execution['processEngineServices']}"/> | EXPRESSION | ServiceTask_Index
            <bpmn:serviceTask id="ServiceTask_OtherBean" camunda:delegateExpression="${processEngine}"/> | EXPRESSION | ServiceTask_OtherBean
            <bpmn:sequenceFlow id="Flow_Method" sourceRef="a" targetRef="b"><bpmn:conditionExpression>${approved.getClass() != null}</bpmn:conditionExpression></bpmn:sequenceFlow> | EXPRESSION | Flow_Method
            <bpmn:userTask id="UserTask_OtherMember" camunda:priority="${taskPriority.getClass()}"/> | EXPRESSION | UserTask_OtherMember
            """)
    @DisplayName("BPMN: scripts, class names, connectors and expressions outside the allow-list are refused, naming the element")
    void refusedBpmn(String body, Rule rule, String elementId) {
        List<Refusal> refusals = check("bpmn/Test.bpmn", process(body));
        assertThat(refusals).as(body).isNotEmpty();
        assertThat(refusals.get(0).rule()).isEqualTo(rule);
        assertThat(refusals.get(0).elementId()).startsWith(elementId);
        assertThat(refusals.get(0).message()).contains(elementId).contains(rule.name());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            <bpmn:serviceTask id="ServiceTask_Record" camunda:delegateExpression="${recordIncidentDelegate}"/>
            <bpmn:userTask id="UserTask_Plan" camunda:candidateGroups="${assignmentGroup}"><bpmn:extensionElements><camunda:taskListener event="complete" expression="${execution.setVariable('fixPlanner', task.assignee)}"/></bpmn:extensionElements></bpmn:userTask>
            <bpmn:sequenceFlow id="Flow_Ok" sourceRef="a" targetRef="b"><bpmn:conditionExpression>${nrOfCompletedInstances == nrOfInstances &amp;&amp; !recurred or fixStatus == 'FIXED' &amp;&amp; count &gt; 1.5}</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:userTask id="UserTask_Triage" camunda:priority="${taskPriority.of(priority)}"/>
            """)
    @DisplayName("BPMN: delegate beans, variables and the allowed member calls pass")
    void allowedBpmn(String body) {
        assertThat(check("bpmn/Test.bpmn", process(body))).isEmpty();
    }

    @Test
    @DisplayName("XML: a billion-laughs DMN (DTD with nested entities) is refused before any entity is expanded")
    void billionLaughsIsRefused() {
        List<Refusal> refusals = check("dmn/Laughs.dmn", BILLION_LAUGHS);
        assertThat(refusals).singleElement().satisfies(r -> {
            assertThat(r.rule()).isEqualTo(Rule.UNSAFE_XML);
            assertThat(r.detail()).contains("DOCTYPE");
        });
    }

    @Test
    @DisplayName("XML: an external entity (XXE) is refused")
    void externalEntityIsRefused() {
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>
                <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d" name="&x;"/>""";
        assertThat(check("dmn/Xxe.dmn", xxe)).extracting(Refusal::rule).containsExactly(Rule.UNSAFE_XML);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            jdbcClient.sql('x')                    | EXPRESSION
            ${dataSource.connection}               | EXPRESSION
            "P1"                                   | -
            "HIGH","LOW"                           | -
            not("access")                          | -
            [1..5]                                 | -
            function(x) external {java: {class: "java.lang.System"}} | EXPRESSION
            """)
    @DisplayName("DMN: expression texts name variables and literals only; beans and FEEL external functions are refused")
    void dmnExpressions(String text, String expected) {
        String dmn = """
                <?xml version="1.0" encoding="UTF-8"?>
                <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="Definitions_T" name="T" namespace="x">
                  <decision id="Decision_T" name="T">
                    <decisionTable id="DecisionTable_T">
                      <input id="Input_1"><inputExpression id="InputExpression_1" typeRef="string"><text>impact</text></inputExpression></input>
                      <output id="Output_1" name="priority" typeRef="string"/>
                      <rule id="Rule_1">
                        <inputEntry id="UnaryTests_1"><text>-</text></inputEntry>
                        <outputEntry id="LiteralExpression_1"><text>%s</text></outputEntry>
                      </rule>
                    </decisionTable>
                  </decision>
                </definitions>""".formatted(text.replace("&", "&amp;").replace("<", "&lt;"));
        List<Refusal> refusals = check("dmn/T.dmn", dmn);
        if ("-".equals(expected)) {
            assertThat(refusals).isEmpty();
        } else {
            assertThat(refusals).extracting(Refusal::rule).containsExactly(Rule.valueOf(expected));
            assertThat(refusals.get(0).elementId()).startsWith("LiteralExpression_1");
        }
    }

    @Test
    @DisplayName("DMN: a script expression language is refused")
    void dmnScriptLanguage() {
        String dmn = """
                <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="D" name="T" namespace="x">
                  <decision id="Decision_T" name="T"><literalExpression id="L" expressionLanguage="javascript"><text>1</text></literalExpression></decision>
                </definitions>""";
        assertThat(check("dmn/T.dmn", dmn)).extracting(Refusal::rule).containsExactly(Rule.SCRIPT);
    }

    @Test
    @DisplayName("Only BPMN, DMN and form files are deployed")
    void otherResourceTypesAreRefused() {
        assertThat(check("evil.groovy", "println 'x'")).extracting(Refusal::rule).containsExactly(Rule.RESOURCE_TYPE);
        assertThat(check("forms/x.form", "{}")).isEmpty();
    }

    static final String BILLION_LAUGHS = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [
              <!ENTITY lol "lol">
              <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
              <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
              <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
              <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
              <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
              <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
              <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
              <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
              <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
            ]>
            <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="Definitions_Laughs" name="&lol9;"
                         namespace="http://itsm-flow.org/dmn">
              <decision id="IncidentPriority" name="&lol9;"/>
            </definitions>""";
}
