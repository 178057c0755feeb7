package org.bcpki.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.gateway.identity.ChainTestNetwork;
import org.bcpki.gateway.identity.ChainVerifier;
import org.bcpki.gateway.identity.TrustMode;
import org.bcpki.gateway.lmn.SerialSettings;
import org.bcpki.gateway.meter.SerialWriter;
import org.bcpki.gateway.reading.MeterKey;
import org.bcpki.gateway.reading.MeterServerId;
import org.bcpki.gateway.reading.ObisCode;
import org.bcpki.gateway.reading.ObisValue;
import org.bcpki.gateway.reading.Reading;
import org.bcpki.gateway.reading.ReadingCodec;
import org.bcpki.gateway.reading.SignedReading;
import org.bcpki.gateway.sml.SmlTransport;
import org.bcpki.gateway.store.SecurityEntry;
import org.bcpki.gateway.store.StoredReading;
import org.bcpki.puf.serial.PseudoTerminalPair;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmuc.jsml.structures.EMessageBody;
import org.openmuc.jsml.structures.OctetString;
import org.openmuc.jsml.structures.SmlMessage;
import org.openmuc.jsml.structures.SmlMessageBody;
import org.openmuc.jsml.structures.responses.SmlGetListRes;

/**
 * Finding 11, end to end: a gateway in chain mode (mirror-client's sealed test chain over loopback
 * JSON-RPC) reading frames from a socat pseudo-terminal pair. The attacker owns the optical port's
 * cable: it captures a signed reading and sends it again, re-encoded with the server ID's letters in
 * other cases (the signature covers the upper-cased ID, so every spelling still verifies), and after
 * a key rotation it keeps sending readings signed with the meter's old key.
 */
class ReplayAcrossSpellingsAndKeysTest {
    private static final String METER = "1ESY1160000000";

    @TempDir
    Path dir;

    @Test
    @DisplayName("finding 11: one captured reading replayed in 8 letter-case spellings is accepted once, as one meter")
    void aReadingRespelledInEveryCaseIsAcceptedOnce() throws Exception {
        Assumptions.assumeTrue(PseudoTerminalPair.socatAvailable(), "socat is not installed: no pseudo-terminal pairs");
        MeterKey key = MeterKey.create(dir.resolve("m"), KeyAlgorithm.ML_DSA_65, new SecureRandom());
        try (ChainTestNetwork chain = ChainTestNetwork.start(); PseudoTerminalPair pair = PseudoTerminalPair.open()) {
            chain.grant(SubjectId.parse(METER), Role.METER, key.spki());
            chain.mine();
            try (Gateway gateway = start(chain, pair);
                    SerialWriter line = SerialWriter.open(pair.deviceEnd(), SerialSettings.SML_DEFAULT)) {
                byte[] captured = ReadingCodec.toSml(sign(key, 1, 1001, true));
                List<String> spellings = spellings(METER);
                assertEquals(8, spellings.size());
                for (int round = 0; round < 2; round++) {
                    for (String spelling : spellings) {
                        line.accept(SmlTransport.encode(respell(captured, spelling)));
                    }
                }
                GatewayCounters counters = gateway.counters();
                waitFor(() -> decided(counters) == 16);
                assertEquals(1, counters.acceptedCount(), counters.rejectedByReason().toString());
                assertEquals(14, counters.rejectedCount("NON_CANONICAL_ID"), counters.rejectedByReason().toString());
                assertEquals(1, counters.rejectedCount("REPLAY"), "the canonical original, sent again");

                assertEquals(1, gateway.store().readings(METER, 100).size(), "one reading of one meter stored");
                for (String spelling : spellings) {
                    if (!spelling.equals(METER)) {
                        assertTrue(gateway.store().readings(spelling, 100).isEmpty(), spelling + " is not a meter");
                    }
                }
                List<SecurityEntry> refused = gateway.store().securityEntries(1, 100).stream()
                        .filter(e -> e.record().reason().equals("NON_CANONICAL_ID")).toList();
                assertEquals(14, refused.size());
                assertTrue(refused.get(0).record().detail().contains("must be written '" + METER + "'"),
                        refused.get(0).record().detail());
                assertEquals(2, gateway.store().verifyLog().entries(), "metrological log: START and one reading");
            }
        }
    }

    @Test
    @DisplayName("finding 11: after a key rotation on chain the old key's readings are refused, the new key counts from 1")
    void aRotatedMeterStartsFreshAndItsOldKeyIsRefused() throws Exception {
        Assumptions.assumeTrue(PseudoTerminalPair.socatAvailable(), "socat is not installed: no pseudo-terminal pairs");
        MeterKey oldKey = MeterKey.create(dir.resolve("old"), KeyAlgorithm.ML_DSA_65, new SecureRandom());
        MeterKey newKey = MeterKey.create(dir.resolve("new"), KeyAlgorithm.ML_DSA_65, new SecureRandom());
        try (ChainTestNetwork chain = ChainTestNetwork.start(); PseudoTerminalPair pair = PseudoTerminalPair.open()) {
            chain.grant(SubjectId.parse(METER), Role.METER, oldKey.spki());
            chain.mine();
            try (Gateway gateway = start(chain, pair);
                    SerialWriter line = SerialWriter.open(pair.deviceEnd(), SerialSettings.SML_DEFAULT)) {
                GatewayCounters counters = gateway.counters();
                byte[] oldSecond = frame(sign(oldKey, 2, 1002, false));
                line.accept(frame(sign(oldKey, 1, 1001, true)));
                line.accept(oldSecond);
                waitFor(() -> counters.acceptedCount() == 2);

                chain.rotate(SubjectId.parse(METER), Role.METER, newKey.spki(), 2);
                long rotatedIn = chain.mine();
                waitFor(() -> gateway.status().lastVerifiedBlock() != null
                        && gateway.status().lastVerifiedBlock() >= rotatedIn);

                line.accept(frame(sign(oldKey, 3, 1003, true)));   // old key, fresh counter
                line.accept(frame(sign(oldKey, 4, 1004, false)));  // old key by hash
                waitFor(() -> decided(counters) == 4);
                assertEquals(2, counters.rejectedCount("WRONG_KEY"), counters.rejectedByReason().toString());

                byte[] newFirst = frame(sign(newKey, 1, 2001, true));
                line.accept(newFirst);                              // below the old key's counter: a fresh start
                line.accept(frame(sign(newKey, 2, 2002, false)));
                line.accept(newFirst);                              // the new key's reading replayed
                line.accept(oldSecond);                             // a captured old-key reading replayed
                waitFor(() -> decided(counters) == 8);
                assertEquals(4, counters.acceptedCount(), counters.rejectedByReason().toString());
                assertEquals(2, counters.rejectedCount("REPLAY"), counters.rejectedByReason().toString());
                assertEquals(2, counters.rejectedCount("WRONG_KEY"));

                List<StoredReading> newest = gateway.store().readings(METER, 1);
                assertEquals(new java.math.BigDecimal("200.2"), newest.get(0).value(), "newest first: the new key's");
                assertEquals(new java.math.BigDecimal("200.2"), gateway.store().latestReadings().get(0).value());
                assertEquals(2, gateway.status().trackedMeterKeys(), "one counter per key");
                assertTrue(gateway.store().verifyLog().intact());
            }
        }
    }

    private Gateway start(ChainTestNetwork chain, PseudoTerminalPair pair) throws Exception {
        Path store = dir.resolve("store");
        Files.createDirectories(store);
        ChainVerifier verifier = ChainVerifier.start(chain.settings(dir.resolve("anchor.json"), store),
                chain.mirrorSettings(), Duration.ofMillis(200));
        Gateway gateway = Gateway.start(GatewayConfig.defaults(List.of(pair.hostEnd()), store, TrustMode.CHAIN, -1),
                verifier);
        waitFor(() -> gateway.lines().get(0).connected());
        return gateway;
    }

    private static SignedReading sign(MeterKey key, long counter, long raw, boolean includeKey) {
        Reading reading = new Reading(METER, counter, 1_763_700_000L + counter,
                List.of(new ObisValue(ObisCode.ENERGY_IMPORT_TOTAL, ObisValue.UNIT_WATT_HOUR, -1, raw)));
        return SignedReading.sign(reading, key.algorithm(), key.keyPair(), includeKey);
    }

    private static byte[] frame(SignedReading signed) {
        return SmlTransport.encode(ReadingCodec.toSml(signed));
    }

    /** Every spelling of the meter ID's three manufacturer letters in upper and lower case. */
    private static List<String> spellings(String meterId) {
        List<String> out = new ArrayList<>();
        for (int mask = 0; mask < 8; mask++) {
            StringBuilder id = new StringBuilder(meterId);
            for (int i = 0; i < 3; i++) {
                if ((mask & (1 << i)) != 0) {
                    id.setCharAt(1 + i, Character.toLowerCase(id.charAt(1 + i)));
                }
            }
            out.add(id.toString());
        }
        return out;
    }

    /** What the attacker does: decode the captured SML, write another spelling into the server ID, re-encode. */
    private static byte[] respell(byte[] sml, String spelling) throws IOException {
        byte[] serverId = MeterServerId.encode(METER);
        byte[] letters = spelling.substring(1, 4).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(letters, 0, serverId, 2, 3);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(sml));
                DataOutputStream out = new DataOutputStream(bytes)) {
            while (in.available() > 0) {
                SmlMessage message = new SmlMessage();
                assertTrue(message.decodeAndCheck(in));
                if (message.getMessageBody().getTag() == EMessageBody.GET_LIST_RESPONSE) {
                    SmlGetListRes list = message.getMessageBody().getChoice();
                    SmlGetListRes respelled = new SmlGetListRes(list.getClientId(), new OctetString(serverId),
                            list.getListName(), list.getActSensorTime(), list.getValList(), list.getListSignature(),
                            list.getActGatewayTime());
                    message = new SmlMessage(message.getTransactionId(), message.getGroupNo(),
                            message.getAbortOnError(), new SmlMessageBody(EMessageBody.GET_LIST_RESPONSE.id(), respelled));
                }
                message.encode(out);
            }
        }
        assertEquals(spelling.toUpperCase(Locale.ROOT), METER);
        return bytes.toByteArray();
    }

    private static long decided(GatewayCounters counters) {
        return counters.acceptedCount() + counters.rejectedByReason().values().stream().mapToLong(Long::longValue).sum();
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        Conditions.await(Duration.ofSeconds(60), condition);
    }
}
