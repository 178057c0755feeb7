package org.bcpki.gateway.reading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.math.BigDecimal;
import java.util.HexFormat;
import java.util.List;
import org.bcpki.gateway.sml.FrameEvent;
import org.bcpki.gateway.sml.SmlFrameDecoder;
import org.junit.jupiter.api.Test;

/**
 * Interoperability: a frame captured from a real ISKRA meter (as published in the test suite of the
 * Rust sml-rs crate), decoded by this module's transport decoder and jsml-based value reader.
 */
class RealMeterFrameTest {
    private static final String ISKRA_FRAME = "1B1B1B1B010101017605006345516200620072630101760101050021171B0B0A0149534B"
            + "00047A5544726201650021155A620163828E00760500634552620062007263070177010B0A0149534B00047A5544070100"
            + "620AFFFF726201650021155A757707010060320101010101010449534B0177070100600100FF010101010B0A0149534B"
            + "00047A55440177070100010800FF650010010401621E52FF65000C13610177070100020800FF0101621E52FF62000177"
            + "070100100700FF0101621B5200530860010101638E71007605006345536200620072630201710163AD55001B1B1B1B1A00D54B";

    @Test
    void decodesARealMetersFrameAndItsObisValues() throws Exception {
        List<FrameEvent> events = new SmlFrameDecoder().feed(HexFormat.of().parseHex(ISKRA_FRAME));
        assertEquals(1, events.size(), events.toString());
        byte[] file = assertInstanceOf(FrameEvent.Frame.class, events.get(0)).payload();

        MeterValues values = ReadingCodec.readValues(file);
        assertEquals("0a0149534b00047a5544", values.serverIdHex());
        ObisValue energy = values.value(ObisCode.ENERGY_IMPORT_TOTAL).orElseThrow();
        assertEquals(new BigDecimal("79139.3"), energy.value()); // 0x000C1361 = 791393, scaler -1
        assertEquals("Wh", energy.unitSymbol());
        assertEquals(0, values.value(ObisCode.ENERGY_EXPORT_TOTAL).orElseThrow().value().signum());
        ObisValue power = values.value(ObisCode.POWER_TOTAL).orElseThrow();
        assertEquals(new BigDecimal("2144"), power.value());
        assertEquals("W", power.unitSymbol());
        assertEquals("1ISK0075126084", MeterServerId.decode(HexFormat.of().parseHex(values.serverIdHex())));
    }
}
