package org.poisonscan.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.poisonscan.api.data.InvalidInputException;

class LabelledTensorsTest {
    @Test
    void aNegativeLabelIsRefusedNamingItsSampleNotLeftForPyTorch() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new LabelledTensors(new float[3 * 4], new long[] {1, 2, 2}, new int[] {0, -1, 2}));
        assertTrue(e.getMessage().contains("row 1 has label -1"), e.getMessage());
        assertEquals(3, new LabelledTensors(new float[3 * 4], new long[] {1, 2, 2}, new int[] {0, 1, 2}).size());
    }
}
