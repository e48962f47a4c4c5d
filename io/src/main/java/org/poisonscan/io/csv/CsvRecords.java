package org.poisonscan.io.csv;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.poisonscan.api.data.InvalidInputException;

/**
 * One streaming pass over a UTF-8 CSV file: the header row, then one record at a time with its line number. Commons
 * CSV handles quoting; empty lines are skipped and fields are trimmed. Parse failures become
 * {@link InvalidInputException}s naming the file and line.
 */
final class CsvRecords implements Closeable {
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setTrim(true).get();

    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final String where;
    private final List<String> header;

    private CsvRecords(CSVParser parser, String where) {
        this.parser = parser;
        this.records = parser.iterator();
        this.where = where;
        CSVRecord first = next();
        if (first == null) {
            throw new InvalidInputException(where + ": file is empty (no header row)");
        }
        List<String> names = new ArrayList<>(first.toList());
        // A UTF-8 byte order mark written by some spreadsheet programs would otherwise stick to the first name.
        names.set(0, names.get(0).replaceFirst("^\uFEFF", "").strip());
        this.header = List.copyOf(names);
    }

    /** Opens the file and reads its header row. */
    static CsvRecords open(Path file, String where) throws IOException {
        Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        try {
            return new CsvRecords(CSVParser.parse(reader, FORMAT), where);
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /** The header row's column names. */
    List<String> header() {
        return header;
    }

    /** The next record, or {@code null} at the end of the file. */
    CSVRecord next() {
        try {
            return records.hasNext() ? records.next() : null;
        } catch (UncheckedIOException | IllegalStateException e) {
            throw new InvalidInputException(where + ": malformed CSV near line " + (parser.getCurrentLineNumber() + 1)
                    + ": " + reason(e), e);
        }
    }

    /** The parser's reason in words, without Java class names. */
    static String reason(RuntimeException e) {
        Throwable cause = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof java.nio.charset.CharacterCodingException) {
            return "the file is not UTF-8 text";
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        java.util.regex.Matcher start = java.util.regex.Pattern.compile("^\\(startline (\\d+)\\)\\s*(.*)$",
                java.util.regex.Pattern.DOTALL).matcher(message);
        if (start.matches()) {
            String hint = start.group(2).contains("encapsulated token") ? " (a quote that is never closed)" : "";
            return "in the record starting on line " + start.group(1) + ": " + start.group(2) + hint;
        }
        return message;
    }

    /** Line (1-based, the header is line 1) on which the last record returned ends. */
    long line() {
        return parser.getCurrentLineNumber();
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
