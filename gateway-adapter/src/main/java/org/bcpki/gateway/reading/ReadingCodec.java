package org.bcpki.gateway.reading;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.openmuc.jsml.structures.ASNObject;
import org.openmuc.jsml.structures.EMessageBody;
import org.openmuc.jsml.structures.Integer16;
import org.openmuc.jsml.structures.Integer32;
import org.openmuc.jsml.structures.Integer64;
import org.openmuc.jsml.structures.Integer8;
import org.openmuc.jsml.structures.OctetString;
import org.openmuc.jsml.structures.SmlList;
import org.openmuc.jsml.structures.SmlListEntry;
import org.openmuc.jsml.structures.SmlMessage;
import org.openmuc.jsml.structures.SmlMessageBody;
import org.openmuc.jsml.structures.SmlSignature;
import org.openmuc.jsml.structures.SmlTime;
import org.openmuc.jsml.structures.SmlTimestamp;
import org.openmuc.jsml.structures.SmlUnit;
import org.openmuc.jsml.structures.SmlValue;
import org.openmuc.jsml.structures.Unsigned16;
import org.openmuc.jsml.structures.Unsigned32;
import org.openmuc.jsml.structures.Unsigned64;
import org.openmuc.jsml.structures.Unsigned8;
import org.openmuc.jsml.structures.responses.SmlGetListRes;
import org.openmuc.jsml.structures.responses.SmlPublicCloseRes;
import org.openmuc.jsml.structures.responses.SmlPublicOpenRes;

/**
 * A signed reading as an SML file (the payload of one transport frame): SML_PublicOpen.Res,
 * SML_GetList.Res, SML_PublicClose.Res, encoded by jsml. The GetList response carries the reading
 * the way every SML meter does (server ID, actSensorTime as a timestamp, one list entry per OBIS value
 * with unit and scaler) and the signature block in its {@code listSignature} field:
 * {@code "BCS1" | algorithm u16 | counter u64 | key form u8 | key length u16 | key | signature length u16 | signature}.
 */
public final class ReadingCodec {
    private static final byte[] SIGNATURE_MAGIC = "BCS1".getBytes(StandardCharsets.US_ASCII);

    private ReadingCodec() {}

    public static byte[] toSml(SignedReading signed) {
        Reading reading = signed.reading();
        OctetString serverId = new OctetString(MeterServerId.encode(reading.meterId()));
        OctetString fileId = new OctetString(longBytes(reading.counter()));
        SmlListEntry[] entries = reading.values().stream().map(v -> new SmlListEntry(new OctetString(v.obis().bytes()),
                null, null, unit(v.unit()), new Integer8((byte) v.scaler()),
                new SmlValue(new Integer64(v.raw())), null)).toArray(SmlListEntry[]::new);
        SmlTime time = new SmlTime(SmlTime.TIMESTAMP, new SmlTimestamp(new Unsigned32(reading.time())));
        SmlGetListRes list = new SmlGetListRes(null, serverId, null, time, new SmlList(entries),
                new SmlSignature(new OctetString(signatureBlock(signed))), null);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            message(1, EMessageBody.OPEN_RESPONSE, new SmlPublicOpenRes(null, null, fileId, serverId, null, null))
                    .encode(out);
            message(2, EMessageBody.GET_LIST_RESPONSE, list).encode(out);
            message(3, EMessageBody.CLOSE_RESPONSE, new SmlPublicCloseRes(null)).encode(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * The integer OBIS values of any meter's SML_GetList.Res, signed or not (entries that are not
     * integers, such as a device ID, are skipped): for reading plain SML meters and for interop tests.
     */
    public static MeterValues readValues(byte[] file) throws MalformedReadingException {
        SmlTlvGuard.check(file);
        SmlGetListRes list = getListResponse(file);
        byte[] serverId = bytesOf(list.getServerId(), "server ID");
        return new MeterValues(java.util.HexFormat.of().formatHex(serverId), values(list.getValList(), false));
    }

    /**
     * Decodes a signed reading.
     *
     * @throws NonCanonicalServerIdException for a well-formed reading whose server ID is not in canonical form
     * @throws MalformedReadingException for anything else that is not one signed reading
     */
    public static SignedReading fromSml(byte[] file) throws MalformedReadingException {
        SmlTlvGuard.check(file);
        SmlGetListRes list = getListResponse(file);
        String meterId;
        try {
            meterId = MeterServerId.spelling(bytesOf(list.getServerId(), "server ID"));
        } catch (IllegalArgumentException e) {
            throw new MalformedReadingException(e.getMessage(), e);
        }
        long time = timestamp(list.getActSensorTime());
        List<ObisValue> values = values(list.getValList(), true);
        byte[] block = bytesOf(list.getListSignature(), "list signature");
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(block))) {
            byte[] magic = in.readNBytes(4);
            if (!Arrays.equals(magic, SIGNATURE_MAGIC)) {
                throw new MalformedReadingException("list signature is not a bcpki signature block");
            }
            KeyAlgorithm algorithm = KeyAlgorithm.fromCode(in.readUnsignedShort());
            long counter = in.readLong();
            KeyReference.Form form = KeyReference.Form.fromCode(in.readUnsignedByte());
            byte[] key = in.readNBytes(in.readUnsignedShort());
            byte[] signature = in.readNBytes(in.readUnsignedShort());
            if (in.available() != 0 || signature.length == 0) {
                throw new MalformedReadingException("signature block has trailing or missing bytes");
            }
            Reading reading = new Reading(meterId, counter, time, values);
            SignedReading signed = new SignedReading(reading, algorithm, new KeyReference(form, key), signature);
            // Checked last, so that a reading malformed elsewhere is reported as malformed.
            String canonical = meterId.toUpperCase(Locale.ROOT);
            if (!meterId.equals(canonical)) {
                throw new NonCanonicalServerIdException(meterId, canonical);
            }
            return signed;
        } catch (EOFException e) {
            throw new MalformedReadingException("signature block is cut short", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalArgumentException e) {
            throw new MalformedReadingException("signature block: " + e.getMessage(), e);
        }
    }

    private static SmlGetListRes getListResponse(byte[] file) throws MalformedReadingException {
        SmlGetListRes found = null;
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(file))) {
            while (in.available() > 0) {
                SmlMessage message = new SmlMessage();
                if (!message.decodeAndCheck(in)) {
                    throw new MalformedReadingException("SML message fails its CRC or structure check");
                }
                if (message.getMessageBody().getTag() == EMessageBody.GET_LIST_RESPONSE) {
                    if (found != null) {
                        throw new MalformedReadingException("more than one SML_GetList.Res in one file");
                    }
                    found = message.getMessageBody().getChoice();
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new MalformedReadingException("undecodable SML: " + e, e);
        }
        if (found == null) {
            throw new MalformedReadingException("no SML_GetList.Res in the file");
        }
        return found;
    }

    private static List<ObisValue> values(SmlList list, boolean allIntegers) throws MalformedReadingException {
        if (list == null || list.getValListEntry() == null || list.getValListEntry().length == 0) {
            throw new MalformedReadingException("SML_GetList.Res has no values");
        }
        List<ObisValue> values = new ArrayList<>();
        for (SmlListEntry entry : list.getValListEntry()) {
            try {
                ObisCode obis = ObisCode.ofBytes(bytesOf(entry.getObjName(), "OBIS code"));
                if (!allIntegers && !isInteger(entry.getValue())) {
                    continue;
                }
                SmlUnit unit = entry.getUnit();
                Integer8 scaler = entry.getScaler();
                values.add(new ObisValue(obis, unit != null && unit.isSelected() ? unit.getVal() : 255,
                        scaler != null && scaler.isSelected() ? scaler.getVal() : 0, integer(entry.getValue(), obis)));
            } catch (IllegalArgumentException e) {
                throw new MalformedReadingException("list entry: " + e.getMessage(), e);
            }
        }
        return values;
    }

    private static boolean isInteger(SmlValue value) {
        ASNObject choice = value == null ? null : value.getChoice();
        return choice instanceof Integer8 || choice instanceof Integer16 || choice instanceof Integer32
                || choice instanceof Integer64 || choice instanceof Unsigned8 || choice instanceof Unsigned16
                || choice instanceof Unsigned32 || choice instanceof Unsigned64;
    }

    private static long integer(SmlValue value, ObisCode obis) throws MalformedReadingException {
        ASNObject choice = value == null ? null : value.getChoice();
        return switch (choice) {
            case Integer8 v -> v.getVal();
            case Integer16 v -> v.getVal();
            case Integer32 v -> v.getVal();
            case Integer64 v -> v.getVal();
            case Unsigned8 v -> v.getVal();
            case Unsigned16 v -> v.getVal();
            case Unsigned32 v -> v.getLongValue();
            case Unsigned64 v -> {
                if (v.getVal() < 0) {
                    throw new MalformedReadingException(obis + ": value exceeds 2^63");
                }
                yield v.getVal();
            }
            case null, default -> throw new MalformedReadingException(obis + ": value is not an integer");
        };
    }

    private static long timestamp(SmlTime time) throws MalformedReadingException {
        if (time == null || !time.isSelected() || !(time.getChoice() instanceof Unsigned32 seconds)
                || time.getTag().getVal() != SmlTime.TIMESTAMP) {
            throw new MalformedReadingException("actSensorTime must be an SML timestamp");
        }
        return seconds.getLongValue();
    }

    private static byte[] bytesOf(OctetString field, String name) throws MalformedReadingException {
        if (field == null || !field.isSelected() || field.getValue() == null) {
            throw new MalformedReadingException(name + " is missing");
        }
        return field.getValue();
    }

    private static SmlMessage message(int transaction, EMessageBody tag, ASNObject body) {
        return new SmlMessage(new OctetString(new byte[] {(byte) transaction}), new Unsigned8(0), new Unsigned8(0),
                new SmlMessageBody(tag.id(), body));
    }

    private static byte[] signatureBlock(SignedReading signed) {
        byte[] key = signed.key().bytes();
        byte[] signature = signed.signature();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + key.length + signature.length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(SIGNATURE_MAGIC);
            out.writeShort(signed.algorithm().code());
            out.writeLong(signed.reading().counter());
            out.writeByte(signed.key().form().code);
            out.writeShort(key.length);
            out.write(key);
            out.writeShort(signature.length);
            out.write(signature);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * The unit field for any unit byte. jsml's {@code SmlUnit(Unsigned8)} refuses codes its table
     * lacks (51, siemens, and the units DLMS added later), which the decoder reads and a meter may
     * sign, so the field is read from its two-byte encoding instead.
     */
    private static SmlUnit unit(int code) {
        SmlUnit unit = new SmlUnit();
        try {
            unit.decode(new DataInputStream(new ByteArrayInputStream(new byte[] {0x62, (byte) code})));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return unit;
    }

    private static byte[] longBytes(long value) {
        return java.nio.ByteBuffer.allocate(8).putLong(value).array();
    }
}
