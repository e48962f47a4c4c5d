package org.poisonscan.io.parquet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.poisonscan.api.data.InvalidInputException;
import org.poisonscan.io.PartialOutputs;

/**
 * Splits the rows of a Parquet data set (a file, or a directory of part files read as {@link ParquetParts} reads them)
 * into a clean and a quarantine file by a scan's flags. The input may be the activations data set that was scanned
 * (rows matched by index) or any other Parquet data set with an id column that the scan also read (rows matched by
 * id; see {@link RowJoin}). Every input row lands in exactly one output, in input
 * order, with every column: records are copied whole through Parquet's Group API with the input's schema, so nested
 * columns (lists, maps, structs), nulls, empty lists and logical types survive, and the input's key-value metadata
 * (for example an Arrow schema) is kept. Outputs use the input's compression codec when it can be written here,
 * else SNAPPY.
 *
 * <p>Both outputs are written under temporary names and renamed only when every row has been written: a failure
 * (a missing or duplicate id, a damaged input) leaves neither output behind. Memory: one record at a time, the
 * Parquet writers' buffers (up to a row group each) and the flags.
 */
public final class ParquetSplitter {
    private ParquetSplitter() {
    }

    /**
     * Splits {@code input}.
     *
     * @param flags the scan's flags
     * @param idColumn the column to match rows on, or {@code null} to match by row index
     * @throws InvalidInputException when the input cannot be read or a row cannot be matched; the message names the
     *     file, row group and row
     * @throws IllegalArgumentException when two of the three paths are the same file
     */
    public static SplitResult split(Path input, ScoreFlags flags, String idColumn, Path clean, Path quarantine)
            throws IOException {
        checkDistinct(input, clean, quarantine);
        ParquetParts parts = ParquetParts.of(input);
        String where = input.toString();
        MessageType schema = parts.schema();
        Path cleanPartial = ParquetFiles.partial(clean);
        Path quarantinePartial = ParquetFiles.partial(quarantine);
        RowJoin join = idColumn == null ? RowJoin.byRow(flags, schema, parts.totalRows(), where)
                : RowJoin.byId(flags, schema, idColumn, where);
        CompressionCodecName codec;
        try (ParquetFileReader first = ParquetFiles.open(parts.files().get(0))) {
            codec = codecOf(first.getRowGroups());
        }
        long[] counts = new long[2];
        try (PartialOutputs guard = new PartialOutputs(cleanPartial, quarantinePartial)) {
            try (ParquetWriter<Group> cleanOut = ParquetFiles.groupWriter(cleanPartial, schema, parts.metadata(),
                    codec);
                    ParquetWriter<Group> quarantineOut = ParquetFiles.groupWriter(quarantinePartial, schema,
                            parts.metadata(), codec)) {
                long row = 0;
                for (Path part : parts.files()) {
                    try (ParquetFileReader reader = ParquetFiles.open(part)) {
                        join.enterPart(part.toString(), row);
                        row = copy(reader, schema, join, part.toString(), row, List.of(cleanOut, quarantineOut),
                                counts);
                    }
                }
                if (row != parts.totalRows()) {
                    throw new InvalidInputException(where + ": read " + row + " rows but the footers promised "
                            + parts.totalRows() + "; was it changed?");
                }
            }
            ParquetFiles.commit(cleanPartial, clean);
            ParquetFiles.commit(quarantinePartial, quarantine);
        } catch (IOException | RuntimeException | Error e) {
            // Out of memory included: a failed split leaves no output behind.
            Files.deleteIfExists(cleanPartial);
            Files.deleteIfExists(quarantinePartial);
            throw e;
        }
        return new SplitResult(counts[0] + counts[1], counts[0], counts[1], clean, quarantine, join.column());
    }

    /** Copies one part's records to the outputs; {@code row} is the data set's index of its first row. */
    private static long copy(ParquetFileReader reader, MessageType schema, RowJoin join, String where, long row,
            List<ParquetWriter<Group>> outputs, long[] counts) throws IOException {
        MessageColumnIO io = new ColumnIOFactory().getColumnIO(schema);
        List<BlockMetaData> blocks = reader.getRowGroups();
        long local = 0;
        for (int g = 0; g < blocks.size(); g++) {
            long n = blocks.get(g).getRowCount();
            if (n == 0) {
                continue;
            }
            RecordReader<Group> records;
            try {
                PageReadStore pages = reader.readRowGroup(g);
                records = io.getRecordReader(pages, new GroupRecordConverter(schema));
            } catch (IOException | RuntimeException e) {
                throw new InvalidInputException(where + ": row group " + g + ": cannot read the column chunks: "
                        + e.getMessage(), e);
            }
            for (long r = 0; r < n; r++, row++, local++) {
                Group record;
                try {
                    record = records.read();
                } catch (RuntimeException e) {
                    throw new InvalidInputException(where + ": row group " + g + ", row " + local
                            + ": cannot decode the record: " + e.getMessage(), e);
                }
                int out = join.flagged(record, row, g) ? 1 : 0;
                outputs.get(out).write(record);
                counts[out]++;
            }
        }
        return row;
    }

    private static CompressionCodecName codecOf(List<BlockMetaData> blocks) {
        for (BlockMetaData b : blocks) {
            if (!b.getColumns().isEmpty()) {
                return ParquetFiles.writableCodec(b.getColumns().get(0).getCodec());
            }
        }
        return CompressionCodecName.SNAPPY;
    }

    private static void checkDistinct(Path input, Path clean, Path quarantine) {
        Path i = input.toAbsolutePath().normalize();
        Path c = clean.toAbsolutePath().normalize();
        Path q = quarantine.toAbsolutePath().normalize();
        if (i.equals(c) || i.equals(q) || c.equals(q)) {
            throw new IllegalArgumentException("the input, clean and quarantine files must be three different files,"
                    + " got " + input + ", " + clean + ", " + quarantine);
        }
        for (Path out : List.of(clean, quarantine)) {
            if (Files.isDirectory(out)) {
                throw new InvalidInputException(out + ": is a directory; the clean and quarantine outputs are files");
            }
            if (Files.isDirectory(input) && out.toAbsolutePath().normalize().startsWith(i)) {
                throw new IllegalArgumentException(out + ": is inside the input directory " + input + ", where it"
                        + " would become a part of the data set; write the outputs elsewhere");
            }
        }
    }
}
