package org.poisonscan.io.parquet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.schema.MessageType;
import org.poisonscan.api.data.InvalidInputException;

/**
 * The files of a Parquet data set: one file, or a directory of part files as Spark, pyarrow and DuckDB write them.
 * A directory's parts are its {@code *.parquet} files, in name order (the order a reader of the directory sees);
 * names starting with {@code _} or {@code .} ({@code _SUCCESS}, {@code .crc} files) are skipped. Every part must have
 * the first part's schema, so the data set has one row order and one schema: its rows are the parts' rows one part
 * after the other. Partitioned directories ({@code label=3/part-0.parquet}) are refused: their partition values live
 * in the folder names, not in the files.
 *
 * @param path the file or directory as given
 * @param files the part files, in row order
 * @param rows each part's row count, from its footer
 * @param schema the common schema
 * @param metadata the first part's key-value metadata
 */
public record ParquetParts(Path path, List<Path> files, List<Long> rows, MessageType schema,
        Map<String, String> metadata) {

    /** Stores copies of the lists. */
    public ParquetParts {
        files = List.copyOf(files);
        rows = List.copyOf(rows);
        metadata = Map.copyOf(metadata);
    }

    /**
     * Lists and checks the parts of {@code path}, reading each part's footer.
     *
     * @throws InvalidInputException when the path is missing, a directory holds no part or holds subdirectories of
     *     parts, a part is unreadable, or two parts' schemas differ; the message names the file
     */
    public static ParquetParts of(Path path) throws IOException {
        List<Path> files = Files.isDirectory(path) ? partsOf(path) : List.of(path);
        List<Long> rows = new ArrayList<>(files.size());
        MessageType schema = null;
        Map<String, String> metadata = Map.of();
        for (Path file : files) {
            try (ParquetFileReader reader = ParquetFiles.open(file)) {
                MessageType own = reader.getFooter().getFileMetaData().getSchema();
                if (schema == null) {
                    schema = own;
                    metadata = reader.getFooter().getFileMetaData().getKeyValueMetaData();
                } else if (!schema.getFields().equals(own.getFields())) {
                    throw new InvalidInputException(file + ": its schema differs from that of " + files.get(0)
                            + ", the first part of " + path + "; every part of a data set needs the same columns and"
                            + " types (first part: " + compact(schema) + "; this part: " + compact(own) + ")");
                }
                rows.add(reader.getRecordCount());
            }
        }
        return new ParquetParts(path, files, rows, schema, metadata);
    }

    /** Whether {@code path} names a Parquet data set: a {@code .parquet} file or a directory. */
    public static boolean isParquet(Path path) {
        Path name = path.getFileName();
        return Files.isDirectory(path)
                || name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".parquet");
    }

    /** Rows in all parts. */
    public long totalRows() {
        return rows.stream().mapToLong(Long::longValue).sum();
    }

    /** Whether the data set is a directory of parts rather than one file. */
    public boolean isDirectory() {
        return !files.equals(List.of(path));
    }

    private static List<Path> partsOf(Path dir) throws IOException {
        List<Path> parts = new ArrayList<>();
        List<Path> nested = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.sorted().toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith("_") || name.startsWith(".")) {
                    continue;
                }
                if (Files.isDirectory(p)) {
                    nested.add(p);
                } else if (name.toLowerCase(Locale.ROOT).endsWith(".parquet")) {
                    parts.add(p);
                }
            }
        }
        if (!nested.isEmpty()) {
            throw new InvalidInputException(dir + ": holds subdirectories (" + nested.get(0).getFileName()
                    + (nested.size() > 1 ? " and " + (nested.size() - 1) + " more" : "") + "); partitioned data sets"
                    + " are not read, as their partition values live in the folder names: write the data set"
                    + " unpartitioned, or scan each partition's directory on its own");
        }
        if (parts.isEmpty()) {
            throw new InvalidInputException(dir + ": is a directory with no .parquet files (names starting with _ or"
                    + " . are skipped)");
        }
        return parts;
    }

    private static String compact(MessageType schema) {
        String text = schema.toString().replaceAll("\\s+", " ").strip();
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
