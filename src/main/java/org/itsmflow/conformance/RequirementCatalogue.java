package org.itsmflow.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The requirement catalogue the conformance report is measured against: every "shall" of the clauses software can
 * carry, read once from the copy of the project's {@code requirements.md} packaged at
 * {@code classpath:conformance/requirements.md} (the report never reads {@code ../shared} at run time). Rows are the
 * markdown table lines {@code | R-9.2e | requirement | carried by |} in file order, each under its {@code ## } clause.
 */
@Component
public class RequirementCatalogue {

    static final String RESOURCE = "conformance/requirements.md";
    /** A requirement id as the catalogue and the models write it: R-3.1, R-5a, R-9.2e, R-10.1i. */
    public static final Pattern ID = Pattern.compile("(?<![\\w-])R-\\d{1,2}(?:\\.\\d{1,2})?[a-z]?(?![\\w])");
    private static final Pattern ROW = Pattern.compile("^\\|\\s*(R-[^|\\s]+)\\s*\\|(.*)\\|(.*)\\|\\s*$");

    private final List<Requirement> requirements;

    RequirementCatalogue() {
        this(read(new ClassPathResource(RESOURCE)));
    }

    RequirementCatalogue(String markdown) {
        this.requirements = Collections.unmodifiableList(parse(markdown));
    }

    /** Every requirement, in the catalogue's order. */
    public List<Requirement> all() {
        return requirements;
    }

    public Optional<Requirement> find(String id) {
        return requirements.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    static List<Requirement> parse(String markdown) {
        List<Requirement> result = new ArrayList<>();
        String clause = "";
        for (String line : markdown.split("\\R")) {
            if (line.startsWith("## ")) {
                clause = line.substring(3).trim();
                continue;
            }
            Matcher row = ROW.matcher(line);
            if (row.matches() && ID.matcher(row.group(1)).matches()) {
                result.add(new Requirement(row.group(1), clause, row.group(2).trim(), row.group(3).trim()));
            }
        }
        return result;
    }

    private static String read(ClassPathResource resource) {
        try (InputStream in = resource.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("The requirement catalogue " + RESOURCE + " is missing", e);
        }
    }
}
