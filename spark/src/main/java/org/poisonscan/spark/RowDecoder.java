package org.poisonscan.spark;

import java.io.Serializable;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.poisonscan.api.data.ActivationValues;
import org.poisonscan.api.data.InvalidInputException;

/**
 * Reads the activation, label and optional id of a {@link Row} into the scanner's types, and refuses what cannot be
 * scanned with a message that names the column, the row and the problem: a null or wrong-length activation array, a
 * null or non-finite element, a null or fractional label, a label column of a type that cannot hold class labels.
 *
 * <p>Accepted: activations {@code array<float>}, {@code array<double>} (rounded to float32, as the single-machine
 * readers do) or an ML {@code Vector}; labels of any integral type, or {@code double}/{@code float} holding whole
 * numbers (what {@code StringIndexer} writes); ids of type {@code long} or {@code int}. Types are checked on the driver
 * when the decoder is made ({@link #of}), before any job runs. The fit reads Catalyst's internal rows (no boxing of
 * the activations); the model's transform reads {@link Row}s.
 */
final class RowDecoder implements Serializable {
    private static final long serialVersionUID = 1L;

    private enum Features { FLOAT_ARRAY, DOUBLE_ARRAY, VECTOR }

    private static final VectorUDT VECTORS = new VectorUDT();

    private final String featuresCol;
    private final String labelCol;
    private final String idCol;
    private final int featuresIndex;
    private final int labelIndex;
    private final int idIndex;
    private final Features features;
    private final DataType labelType;
    private final DataType idType;
    private final int dim;

    private RowDecoder(InputColumns cols, StructType schema, Features features, int dim) {
        this.featuresCol = cols.featuresCol();
        this.labelCol = cols.labelCol();
        this.idCol = cols.idCol();
        this.featuresIndex = schema.fieldIndex(featuresCol);
        this.labelIndex = schema.fieldIndex(labelCol);
        this.idIndex = idCol == null ? -1 : schema.fieldIndex(idCol);
        this.features = features;
        this.labelType = schema.fields()[labelIndex].dataType();
        this.idType = idCol == null ? null : schema.fields()[idIndex].dataType();
        this.dim = dim;
    }

    /**
     * A decoder for rows of {@code schema}, whose activations must have {@code dim} values ({@code 0}: not known yet,
     * for {@link #length} only).
     *
     * @throws InvalidInputException when a column is missing or of a type that cannot be scanned
     */
    static RowDecoder of(StructType schema, InputColumns cols, int dim) {
        return new RowDecoder(cols, schema, checkTypes(schema, cols), dim);
    }

    /** Checks the columns' presence and types; returns the activation column's kind. */
    private static Features checkTypes(StructType schema, InputColumns cols) {
        DataType f = field(schema, cols.featuresCol(), "activation").dataType();
        Features kind;
        if (f instanceof VectorUDT) {
            kind = Features.VECTOR;
        } else if (f instanceof ArrayType a && a.elementType().equals(DataTypes.FloatType)) {
            kind = Features.FLOAT_ARRAY;
        } else if (f instanceof ArrayType a && a.elementType().equals(DataTypes.DoubleType)) {
            kind = Features.DOUBLE_ARRAY;
        } else {
            throw new InvalidInputException("activation column '" + cols.featuresCol() + "' has type "
                    + f.simpleString() + "; expected array<float>, array<double> or an ML vector");
        }
        DataType l = field(schema, cols.labelCol(), "label").dataType();
        if (!isIntegral(l) && !l.equals(DataTypes.DoubleType) && !l.equals(DataTypes.FloatType)) {
            throw new InvalidInputException("label column '" + cols.labelCol() + "' has type " + l.simpleString()
                    + "; expected an integer type, or double holding whole numbers (as StringIndexer writes);"
                    + " index string labels first (StringIndexer)");
        }
        if (cols.idCol() != null) {
            DataType i = field(schema, cols.idCol(), "id").dataType();
            if (!i.equals(DataTypes.LongType) && !i.equals(DataTypes.IntegerType)) {
                throw new InvalidInputException("id column '" + cols.idCol() + "' has type " + i.simpleString()
                        + "; expected long or int");
            }
        }
        return kind;
    }

    private static StructField field(StructType schema, String name, String role) {
        for (StructField f : schema.fields()) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new InvalidInputException(role + " column '" + name + "' is not in the data; columns: "
                + String.join(", ", schema.fieldNames()));
    }

    private static boolean isIntegral(DataType t) {
        return t.equals(DataTypes.IntegerType) || t.equals(DataTypes.LongType) || t.equals(DataTypes.ShortType)
                || t.equals(DataTypes.ByteType);
    }

    /** The number of activation values of a row (to learn the dimension from the first row). */
    int length(Row r, Supplier<String> where) {
        Object v = value(r, where);
        return features == Features.VECTOR ? ((Vector) v).size() : ((scala.collection.Seq<?>) v).length();
    }

    private Object value(Row r, Supplier<String> where) {
        if (r.isNullAt(featuresIndex)) {
            throw new InvalidInputException("activation column '" + featuresCol + "' is null in " + where.get());
        }
        return r.get(featuresIndex);
    }

    /** Copies the row's activations into {@code dst[offset .. offset + dim)}, checking length and values. */
    void features(Row r, float[] dst, int offset, Supplier<String> where) {
        Object v = value(r, where);
        if (features == Features.VECTOR) {
            Vector vec = (Vector) v;
            checkLength(vec.size(), where);
            for (int j = 0; j < dim; j++) {
                dst[offset + j] = finite(vec.apply(j), j, where);
            }
            return;
        }
        List<Object> list = r.getList(featuresIndex);
        checkLength(list.size(), where);
        for (int j = 0; j < dim; j++) {
            Object x = list.get(j);
            if (x == null) {
                throw new InvalidInputException("activation column '" + featuresCol + "' has a null element at"
                        + " position " + j + " in " + where.get());
            }
            dst[offset + j] = finite(((Number) x).doubleValue(), j, where);
        }
    }

    private void checkLength(int length, Supplier<String> where) {
        if (length != dim) {
            throw new InvalidInputException("activation column '" + featuresCol + "' has " + length + " values in "
                    + where.get() + "; every row must have " + dim + " (the length of the first row)");
        }
    }

    private float finite(double x, int j, Supplier<String> where) {
        float f = (float) x;
        if (!Float.isFinite(f)) {
            throw new InvalidInputException("activation column '" + featuresCol + "' holds " + x + " at position "
                    + j + " in " + where.get() + " (activations must be finite float32 values)");
        }
        if (!ActivationValues.usable(f)) {
            throw new InvalidInputException("activation column '" + featuresCol + "', position " + j + " in "
                    + where.get() + ": the value " + ActivationValues.problem(f));
        }
        return f;
    }

    /**
     * Copies the activations of a Catalyst row (the fit's fast path: no boxing) into {@code dst}; the row holds the
     * selected columns in decoder order (activations, label, id).
     */
    void features(InternalRow r, float[] dst, int offset, Supplier<String> where) {
        if (r.isNullAt(0)) {
            throw new InvalidInputException("activation column '" + featuresCol + "' is null in " + where.get());
        }
        if (features == Features.VECTOR) {
            Vector vec = VECTORS.deserialize(r.getStruct(0, 4));
            checkLength(vec.size(), where);
            for (int j = 0; j < dim; j++) {
                dst[offset + j] = finite(vec.apply(j), j, where);
            }
            return;
        }
        ArrayData a = r.getArray(0);
        checkLength(a.numElements(), where);
        boolean floats = features == Features.FLOAT_ARRAY;
        for (int j = 0; j < dim; j++) {
            if (a.isNullAt(j)) {
                throw new InvalidInputException("activation column '" + featuresCol + "' has a null element at"
                        + " position " + j + " in " + where.get());
            }
            dst[offset + j] = finite(floats ? a.getFloat(j) : a.getDouble(j), j, where);
        }
    }

    /** The class label of a Catalyst row of the selected columns. */
    int label(InternalRow r, Supplier<String> where) {
        if (r.isNullAt(1)) {
            throw new InvalidInputException("label column '" + labelCol + "' is null in " + where.get());
        }
        if (labelType.equals(DataTypes.IntegerType)) {
            return r.getInt(1);
        }
        double v;
        Object shown;
        if (labelType.equals(DataTypes.LongType)) {
            long x = r.getLong(1);
            v = x;
            shown = x;
        } else if (labelType.equals(DataTypes.ShortType)) {
            return r.getShort(1);
        } else if (labelType.equals(DataTypes.ByteType)) {
            return r.getByte(1);
        } else if (labelType.equals(DataTypes.FloatType)) {
            v = r.getFloat(1);
            shown = r.getFloat(1);
        } else {
            v = r.getDouble(1);
            shown = v;
        }
        return whole(v, shown, where);
    }

    /** The id of a Catalyst row of the selected columns. */
    long id(InternalRow r, Supplier<String> where) {
        if (r.isNullAt(2)) {
            throw new InvalidInputException("id column '" + idCol + "' is null in " + where.get());
        }
        return idType.equals(DataTypes.LongType) ? r.getLong(2) : r.getInt(2);
    }

    private int whole(double v, Object shown, Supplier<String> where) {
        if (v != Math.rint(v) || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new InvalidInputException("label column '" + labelCol + "' holds " + shown + " in " + where.get()
                    + "; labels must be whole numbers in the int range");
        }
        return (int) v;
    }

    /** The row's class label. */
    int label(Row r, Supplier<String> where) {
        if (r.isNullAt(labelIndex)) {
            throw new InvalidInputException("label column '" + labelCol + "' is null in " + where.get());
        }
        if (labelType.equals(DataTypes.IntegerType)) {
            return r.getInt(labelIndex);
        }
        return whole(((Number) r.get(labelIndex)).doubleValue(), r.get(labelIndex), where);
    }

    /** Whether rows carry an explicit id. */
    boolean hasId() {
        return idCol != null;
    }

    /** The row's id (the id column's value). */
    long id(Row r, Supplier<String> where) {
        if (r.isNullAt(idIndex)) {
            throw new InvalidInputException("id column '" + idCol + "' is null in " + where.get());
        }
        return idType.equals(DataTypes.LongType) ? r.getLong(idIndex) : r.getInt(idIndex);
    }

    /** Activation dimension the rows are checked against. */
    int dim() {
        return dim;
    }
}
