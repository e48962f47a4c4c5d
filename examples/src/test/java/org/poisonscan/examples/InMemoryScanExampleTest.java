package org.poisonscan.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InMemoryScanExampleTest {
    @Test
    void mainFindsThePlantedClassAndItsRows() throws IOException {
        PrintStream before = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            InMemoryScanExample.main(new String[0]);
        } finally {
            System.setOut(before);
        }
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("poisoned classes: [0]"), printed);
        assertTrue(printed.contains("row 0 flagged: true, row 1 flagged: false"), printed);
    }
}
