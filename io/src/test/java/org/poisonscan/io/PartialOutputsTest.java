package org.poisonscan.io;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stopped JVM (SIGTERM, as a pipeline's timeout sends) leaves no uncommitted .partial file behind. */
class PartialOutputsTest {
    @TempDir
    Path dir;

    /** The child: writes a partial and a committed file under a guard, says so, and waits to be stopped. */
    public static final class Writer {
        public static void main(String[] args) throws Exception {
            Path partial = Path.of(args[0]);
            Path committedPartial = Path.of(args[1]);
            Path committed = Path.of(args[2]);
            PartialOutputs guard = new PartialOutputs(partial, committedPartial);
            Files.writeString(partial, "half written");
            Files.writeString(committedPartial, "complete");
            Files.move(committedPartial, committed);
            System.out.println("ready");
            System.out.flush();
            Thread.sleep(60_000);
            guard.close();
        }
    }

    @Test
    void aStoppedWriterLeavesNoPartialFileButKeepsWhatItCommitted() throws Exception {
        Path partial = dir.resolve("clean.parquet.partial");
        Path committedPartial = dir.resolve("quarantine.parquet.partial");
        Path committed = dir.resolve("quarantine.parquet");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Writer.class.getName(), partial.toString(),
                committedPartial.toString(), committed.toString()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertTrue("ready".equals(line), "child said: " + line);
            assertTrue(Files.exists(partial));
            child.destroy(); // SIGTERM: shutdown hooks run
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child did not stop");
        } finally {
            child.destroyForcibly();
        }
        assertFalse(Files.exists(partial), "the uncommitted partial file was left behind");
        assertFalse(Files.exists(committedPartial));
        assertTrue(Files.exists(committed), "a committed file is kept");
    }

    @Test
    void closingTheGuardLeavesTheFilesAlone() throws IOException {
        Path file = Files.writeString(dir.resolve("kept.partial"), "x");
        new PartialOutputs(file).close();
        assertTrue(Files.exists(file), "only a stop before close deletes");
    }
}
