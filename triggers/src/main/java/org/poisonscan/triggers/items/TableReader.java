package org.poisonscan.triggers.items;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.poisonscan.api.data.InvalidInputException;
import org.poisonscan.io.parquet.ParquetFiles;
import org.poisonscan.io.parquet.ParquetParts;

/**
 * Reads the columns of a table as text from CSV (a header line; RFC 4180 quoting, so a text cell may hold commas and
 * line breaks), JSONL (one JSON object per line; a nested value is kept as its JSON text) or Parquet (a file or a
 * directory of part files; primitive columns only, through parquet-java's example Group API on local files, no
 * Hadoop). Only the named columns are kept; with no names, every column (Parquet: every primitive top-level column).
 */
public final class TableReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TableReader() {
    }

    /** Whether {@code file} has a table extension this reader knows. */
    public static boolean isTable(Path file) {
        String n = lower(file);
        return n.endsWith(".csv") || n.endsWith(".jsonl") || n.endsWith(".ndjson") || ParquetParts.isParquet(file);
    }

    /**
     * Reads {@code wanted} columns (every column when empty).
     *
     * @throws InvalidInputException when the file is missing, malformed or lacks a named column
     */
    public static Table read(Path file, List<String> wanted) throws IOException {
        return read(file, wanted, List.of());
    }

    /**
     * Reads {@code wanted} columns (every column when empty) and those of {@code optional} that the file has.
     *
     * @throws InvalidInputException when the file is missing, malformed or lacks a wanted column
     */
    public static Table read(Path file, List<String> wanted, List<String> optional) throws IOException {
        if (Files.isDirectory(file)) {
            return parquet(file, wanted, optional);
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + ": file not found (or not a regular file)");
        }
        String n = lower(file);
        if (n.endsWith(".csv")) {
            return csv(file, wanted, optional);
        }
        if (n.endsWith(".jsonl") || n.endsWith(".ndjson")) {
            return jsonl(file, wanted, optional);
        }
        if (n.endsWith(".parquet")) {
            return parquet(file, wanted, optional);
        }
        throw new InvalidInputException(file + ": unsupported table type; expected .csv, .jsonl or .parquet");
    }

    private static Table csv(Path file, List<String> wanted, List<String> optional) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8); CSVParser p = format.parse(r)) {
            List<String> header = p.getHeaderNames();
            List<String> names = select(file, header, wanted, optional);
            List<List<String>> cells = new ArrayList<>();
            names.forEach(x -> cells.add(new ArrayList<>()));
            for (CSVRecord rec : p) {
                if (rec.size() != header.size()) {
                    throw new InvalidInputException(file + ": record " + rec.getRecordNumber() + " (line "
                            + rec.getParser().getCurrentLineNumber() + ") has " + rec.size() + " fields, the header "
                            + header.size());
                }
                for (int k = 0; k < names.size(); k++) {
                    cells.get(k).add(rec.get(names.get(k)));
                }
            }
            return table(file, names, cells);
        } catch (java.io.UncheckedIOException e) {
            throw new InvalidInputException(file + ": malformed CSV: " + e.getCause().getMessage(), e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new InvalidInputException(file + ": malformed CSV: " + e.getMessage(), e);
        }
    }

    private static Table jsonl(Path file, List<String> wanted, List<String> optional) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long no = 0;
            while ((line = in.readLine()) != null) {
                no++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new InvalidInputException(file + ": line " + no + ": not valid JSON ("
                            + e.getOriginalMessage() + ")", e);
                }
                if (node == null || !node.isObject()) {
                    throw new InvalidInputException(file + ": line " + no + ": expected a JSON object");
                }
                Map<String, String> row = new LinkedHashMap<>();
                var it = node.fields();
                while (it.hasNext()) {
                    var e = it.next();
                    JsonNode v = e.getValue();
                    row.put(e.getKey(), v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString());
                    if (!seen.contains(e.getKey())) {
                        seen.add(e.getKey());
                    }
                }
                rows.add(row);
            }
        }
        List<String> names = select(file, seen, wanted, optional);
        List<List<String>> cells = new ArrayList<>();
        for (String name : names) {
            List<String> c = new ArrayList<>(rows.size());
            rows.forEach(r -> c.add(r.get(name)));
            cells.add(c);
        }
        return table(file, names, cells);
    }

    private static Table parquet(Path file, List<String> wanted, List<String> optional) throws IOException {
        ParquetParts parts = ParquetParts.of(file);
        MessageType schema = parts.schema();
        List<String> primitive = new ArrayList<>();
        for (Type t : schema.getFields()) {
            if (t.isPrimitive() && t.getRepetition() != Type.Repetition.REPEATED) {
                primitive.add(t.getName());
            }
        }
        List<String> all = new ArrayList<>();
        schema.getFields().forEach(t -> all.add(t.getName()));
        List<String> names = select(file, wanted.isEmpty() ? primitive : all, wanted,
                optional.stream().filter(primitive::contains).toList());
        for (String name : names) {
            if (!primitive.contains(name)) {
                throw new InvalidInputException(file + ": column '" + name + "' is not a primitive column (a list,"
                        + " map or struct); name a text or scalar column");
            }
        }
        List<Type> fields = new ArrayList<>();
        names.forEach(nm -> fields.add(schema.getType(nm)));
        MessageType projection = new MessageType(schema.getName(), fields);
        List<List<String>> cells = new ArrayList<>();
        names.forEach(x -> cells.add(new ArrayList<>()));
        for (Path part : parts.files()) {
            readPart(part, projection, names.size(), cells);
        }
        return table(file, names, cells);
    }

    private static void readPart(Path part, MessageType projection, int columns, List<List<String>> cells)
            throws IOException {
        try (ParquetFileReader reader = ParquetFiles.open(part)) {
            reader.setRequestedSchema(projection);
            PageReadStore pages;
            while ((pages = reader.readNextRowGroup()) != null) {
                RecordReader<Group> rr = new ColumnIOFactory().getColumnIO(projection)
                        .getRecordReader(pages, new GroupRecordConverter(projection));
                for (long i = 0; i < pages.getRowCount(); i++) {
                    Group g = rr.read();
                    for (int k = 0; k < columns; k++) {
                        cells.get(k).add(g.getFieldRepetitionCount(k) == 0 ? null : g.getValueToString(k, 0));
                    }
                }
            }
        } catch (RuntimeException e) {
            if (e instanceof InvalidInputException) {
                throw e;
            }
            throw new InvalidInputException(part + ": cannot read the Parquet columns: " + e.getMessage(), e);
        }
    }

    private static List<String> select(Path file, List<String> available, List<String> wanted,
            List<String> optional) {
        if (wanted.isEmpty()) {
            return List.copyOf(available);
        }
        for (String w : wanted) {
            if (!available.contains(w)) {
                throw new InvalidInputException(file + ": no column '" + w + "' (columns: "
                        + String.join(", ", available.subList(0, Math.min(20, available.size()))) + ")");
            }
        }
        List<String> names = new ArrayList<>(wanted);
        optional.stream().filter(o -> available.contains(o) && !names.contains(o)).forEach(names::add);
        return List.copyOf(names);
    }

    private static Table table(Path file, List<String> names, List<List<String>> cells) {
        List<String[]> cols = new ArrayList<>();
        cells.forEach(c -> cols.add(c.toArray(String[]::new)));
        return new Table(file.toString(), names, cols);
    }

    private static String lower(Path file) {
        return file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
    }
}
