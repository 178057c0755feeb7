package org.bcpki.gateway.reading;

import java.util.List;
import java.util.Optional;

/** The OBIS values of a meter's SML list and its server ID (hex), whatever meter sent them. */
public record MeterValues(String serverIdHex, List<ObisValue> values) {
    public MeterValues {
        values = List.copyOf(values);
    }

    public Optional<ObisValue> value(ObisCode obis) {
        return values.stream().filter(v -> v.obis().equals(obis)).findFirst();
    }
}
