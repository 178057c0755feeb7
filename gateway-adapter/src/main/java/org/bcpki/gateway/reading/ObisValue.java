package org.bcpki.gateway.reading;

import java.math.BigDecimal;

/**
 * One value of an SML list: OBIS code, DLMS unit code, decimal scaler and the raw integer; the
 * physical value is {@code raw * 10^scaler} in {@code unit}.
 */
public record ObisValue(ObisCode obis, int unit, int scaler, long raw) {
    public static final int UNIT_WATT = 27;
    public static final int UNIT_WATT_HOUR = 30;

    public ObisValue {
        if (unit < 0 || unit > 255 || scaler < -128 || scaler > 127) {
            throw new IllegalArgumentException("unit is one unsigned byte and scaler one signed byte");
        }
    }

    public BigDecimal value() {
        return BigDecimal.valueOf(raw).scaleByPowerOfTen(scaler);
    }

    /** The unit's symbol for the DLMS codes a meter list commonly carries, else {@code unit-N}. */
    public String unitSymbol() {
        return switch (unit) {
            case UNIT_WATT -> "W";
            case UNIT_WATT_HOUR -> "Wh";
            case 28 -> "VA";
            case 29 -> "var";
            case 31 -> "VAh";
            case 32 -> "varh";
            case 33 -> "A";
            case 35 -> "V";
            case 44 -> "Hz";
            default -> "unit-" + unit;
        };
    }

    @Override
    public String toString() {
        return obis + " = " + value().toPlainString() + " " + unitSymbol();
    }
}
