package org.bcpki.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.contracts.ReleaseSigners;
import org.bcpki.contracts.SoftwareRegistryClient;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.release.DeviceType;
import org.bcpki.core.release.ReleaseBundle;
import org.bcpki.core.release.ReleaseMessage;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.web3j.protocol.Web3j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Sign a firmware image as its manufacturer (ML-DSA-65), write the release bundle and file the "
                + "release (as the manufacturer's enroller account).")
final class ReleaseSubmit extends ReleaseCommand.Action {
    @Option(names = "--manufacturer", required = true, description = "The manufacturer's subject (identity or 0x id).")
    String manufacturer;
    @Option(names = "--signing-key", required = true,
            description = "File with the manufacturer's ML-DSA-65 key seed (64 hex digits): the key of its MANUFACTURER grant.")
    Path signingKey;
    @Option(names = "--device-type", required = true, description = "Device model, 1-32 of A-Z a-z 0-9 . _ / -.")
    String deviceType;
    @Option(names = "--device-role", defaultValue = "METER", description = "Role of the devices (default METER).")
    String deviceRole;
    @Option(names = "--version", required = true, description = "Release version, a positive integer; must grow.")
    long version;
    @Option(names = "--image", required = true, description = "The firmware image file.")
    Path image;
    @Option(names = "--uri", required = true, description = "Where devices may fetch the image (a hint, not trusted).")
    String uri;
    @Option(names = "--out", required = true, description = "Where to write the signed release bundle (JSON).")
    Path out;

    @Override
    Map<String, Object> act(Web3j web3j) throws Exception {
        SubjectId maker = ReleaseCommand.subject(manufacturer, "--manufacturer");
        KeyPair key = ReleaseOptions.signingKey(signingKey);
        ImageDigest digest = ImageDigest.of(image);
        ReleaseMessage message;
        try {
            message = new ReleaseMessage(chain.chainId(web3j), chain.registryAddress(), maker, Role.parse(deviceRole),
                    DeviceType.of(deviceType), version, digest.size(), digest.sha256(), digest.keccak256());
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
        SoftwareRegistryClient client = chain.signingClient(web3j);
        // The registry cannot check an ML-DSA signature: a wrong signing key would only be found by the approvers.
        Bytes32 keyHash = Bytes32.wrap(SignatureSuite.of(KeyAlgorithm.ML_DSA_65).keyHash(key.getPublic()));
        ReleaseSigners.requireGranted(client.identities(), maker, Role.MANUFACTURER, keyHash, client.chainTime(),
                "manufacturer-not-granted");
        ReleaseBundle bundle;
        try {
            bundle = ReleaseBundle.sign(message, uri, key);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--uri: " + e.getMessage());
        }
        // Written first: a filed release must never lack its bundle (a refused one leaves a harmless file).
        ReleaseCommand.writeBundle(out, bundle);
        Map<String, Object> result = tx(client.submit(bundle));
        result.put("releaseId", bundle.releaseId().toHexString());
        result.put("signatureHash", bundle.signatureHash().toHexString());
        result.put("manufacturer", maker.toHex());
        result.put("deviceRole", message.deviceRole().name());
        result.put("deviceType", message.deviceType().name());
        result.put("version", message.version());
        result.put("size", message.size());
        result.put("sha256", message.imageSha256().toHexString());
        result.put("keccak256", message.imageKeccak256().toHexString());
        result.put("bundle", out.toString());
        return result;
    }

    @Override
    String text(Map<String, Object> r) {
        return "submitted release " + r.get("releaseId") + " (" + r.get("deviceType") + " version " + r.get("version")
                + ", " + r.get("size") + " bytes) in tx " + r.get("transactionHash") + "; bundle written to " + r.get("bundle");
    }

    /** SHA-256, keccak256 and size of an image, read once as a stream (images may be large). */
    record ImageDigest(long size, Bytes32 sha256, Bytes32 keccak256) {
        static ImageDigest of(Path image) {
            try (InputStream in = Files.newInputStream(image)) {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                KeccakDigest keccak = new KeccakDigest(256);
                byte[] buffer = new byte[64 * 1024];
                long size = 0;
                for (int n; (n = in.read(buffer)) > 0; ) {
                    sha.update(buffer, 0, n);
                    keccak.update(buffer, 0, n);
                    size += n;
                }
                if (size == 0) {
                    throw new UsageError("--image " + image + " is empty");
                }
                byte[] keccakOut = new byte[32];
                keccak.doFinal(keccakOut, 0);
                return new ImageDigest(size, Bytes32.wrap(sha.digest()), Bytes32.wrap(keccakOut));
            } catch (IOException e) {
                throw new UsageError("cannot read --image " + image + ": " + e.getMessage());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this JVM", e);
            }
        }
    }
}
