package io.tillstream.projector.replay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CsvCellTest {

    @Test
    void shouldOpenEveryOldSkuAsTextNeverAsAFormulaOrASecondColumn() {
        assertThat(StockReplay.cell("CAS-TEE-BLK-M")).isEqualTo("CAS-TEE-BLK-M");
        assertThat(StockReplay.cell("=HYPERLINK(\"http://x\",\"y\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
        assertThat(StockReplay.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(StockReplay.cell("-2+3")).isEqualTo("'-2+3");
        assertThat(StockReplay.cell("A,B")).isEqualTo("\"A,B\"");
    }
}
