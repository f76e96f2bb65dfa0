package org.itsmflow.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.itsmflow.platform.InvalidFieldException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** What a candidate DMN file must be before it is replayed: safe XML, DMN, the plain subset of ADR 0002. */
class DecisionFileTest {

    static String priorityTable() throws IOException {
        return Files.readString(Path.of("dmn/IncidentPriority.dmn"));
    }

    @TestFactory
    Stream<DynamicTest> everyTableOfTheProductIsInThePlainSubset() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("dmn"))) {
            return files.filter(f -> f.toString().endsWith(".dmn")).sorted().toList().stream()
                    .map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () ->
                            assertThat(DecisionFile.read(Files.readAllBytes(f), "file").model()).isNotNull()));
        }
    }

    @Test
    void aBillionLaughsFileIsRefusedBeforeAnyEntityIsExpanded() {
        String laughs = """
                <?xml version="1.0"?>
                <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
                <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
                <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d" name="&lol3;" namespace="x"/>
                """;
        assertThatThrownBy(() -> DecisionFile.read(laughs.strip().getBytes(StandardCharsets.UTF_8), "file"))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("DTD")
                .extracting(e -> ((InvalidFieldException) e).field()).isEqualTo("file");
    }

    @Test
    void anInputExpressionThatCallsAMethodIsRefusedNamingTheInput() throws IOException {
        String table = priorityTable().replace("<text>impact</text>", "<text>impact.getClass().getName()</text>");
        assertThatThrownBy(() -> DecisionFile.read(table.getBytes(StandardCharsets.UTF_8), "file"))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("Input_Impact")
                .hasMessageContaining("bare variable name");
    }

    @Test
    void anOutputEntryWithAnExpressionIsRefusedNamingTheRule() throws IOException {
        String table = priorityTable().replaceFirst("<text>\"P1\"</text>", "<text>\\${'P1'.concat('x')}</text>");
        assertThatThrownBy(() -> DecisionFile.read(table.getBytes(StandardCharsets.UTF_8), "file"))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("Rule_HighHigh");
    }

    @Test
    void aScriptLanguageIsRefused() throws IOException {
        String table = priorityTable().replace("<inputExpression id=\"InputExpression_Impact\" typeRef=\"string\">",
                "<inputExpression id=\"InputExpression_Impact\" typeRef=\"string\" expressionLanguage=\"groovy\">");
        assertThatThrownBy(() -> DecisionFile.read(table.getBytes(StandardCharsets.UTF_8), "file"))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("groovy");
    }

    @Test
    void notXmlAndNotDmnAreRefused() {
        assertThatThrownBy(() -> DecisionFile.read("{}".getBytes(StandardCharsets.UTF_8), "file"))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("well-formed");
        assertThatThrownBy(() -> DecisionFile.read("<a/>".getBytes(StandardCharsets.UTF_8), "file"))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("DMN");
        assertThatThrownBy(() -> DecisionFile.read(new byte[0], "file"))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("empty");
    }
}
