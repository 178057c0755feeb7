package org.bcpki.gateway.store;

import java.math.BigDecimal;

/** One accepted OBIS value as stored: meter, counter, meter time, value, and the log entry that accepted it. */
public record StoredReading(String meterId, long counter, long time, String obis, BigDecimal value, String unit,
        long receivedMillis, long logSeq) {}
