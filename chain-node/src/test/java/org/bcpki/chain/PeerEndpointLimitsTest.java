package org.bcpki.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.chain.net.PeerAuth;
import org.bcpki.chain.net.PeerMessageKind;
import org.bcpki.chain.net.PeerNetwork;
import org.bcpki.chain.net.SignedMessage;
import org.bcpki.chain.network.NetworkFiles;
import org.bcpki.chain.network.NodeSpec;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.NodeKey;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding 8: the peer endpoint decides who is talking, and how much it will read, before reading a body. */
class PeerEndpointLimitsTest {
    private static final long SIXTY_MB = 60L * 1024 * 1024;
    /** Loopback socket buffers hold a few MB; a server reading the body would take all 60 MB. */
    private static final long UNREAD = 24L * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    @DisplayName("finding 8: strangers' and oversized bodies are refused (401/403/413) without being read; real peers still work")
    void bodiesAreRefusedUnread() throws Exception {
        try (TestNetwork net = TestNetwork.create(dir, 1, 1, 300, 1500).startAll()) {
            NodeSpec validator = net.spec.node("validator-1").orElseThrow();
            Address to = validator.key().address();
            int port = validator.p2pPort();
            NodeKey stranger = NodeKey.generate(new SecureRandom());
            NodeKey mirror = net.spec.node("mirror-1").orElseThrow().key();
            Bytes32 someHash = Bytes32.random();

            Outcome unsigned = send(port, null, SIXTY_MB, false);
            assertEquals(413, unsigned.status(), "60 MB by Content-Length");
            assertTrue(unsigned.written() < UNREAD, unsigned.toString());

            Outcome unsignedChunked = send(port, null, SIXTY_MB, true);
            assertEquals(401, unsignedChunked.status());
            assertTrue(unsignedChunked.written() < UNREAD, unsignedChunked.toString());

            Outcome strangerSigned = send(port, PeerAuth.sign(stranger, to, SIXTY_MB, someHash), SIXTY_MB, true);
            assertEquals(403, strangerSigned.status());
            assertTrue(strangerSigned.written() < UNREAD, strangerSigned.toString());

            Outcome peerTooLarge = send(port, PeerAuth.sign(mirror, to, SIXTY_MB, someHash), SIXTY_MB, true);
            assertEquals(413, peerTooLarge.status(), "a real peer's 60 MB body is larger than any block");
            assertTrue(peerTooLarge.written() < UNREAD, peerTooLarge.toString());

            Outcome peerRunsOver = send(port, PeerAuth.sign(mirror, to, 1_000, someHash), SIXTY_MB, true);
            assertEquals(413, peerRunsOver.status(), "a chunked body running past its signed length");
            assertTrue(peerRunsOver.written() < UNREAD, peerRunsOver.toString());

            // a real peer's request works once; the same signed header again is a replay
            Bytes envelope = SignedMessage.sign(mirror, org.apache.tuweni.rlp.RLP.encodeList(w -> {
                w.writeInt(PeerMessageKind.STATUS.code);
                w.writeValue(Bytes.EMPTY);
            })).encode();
            String header = PeerAuth.sign(mirror, to, envelope);
            assertEquals(200, post(port, header, envelope));
            assertEquals(401, post(port, header, envelope));
            assertEquals(400, post(port, PeerAuth.sign(mirror, to, envelope), Bytes.concatenate(envelope.slice(1), Bytes.of(0))),
                    "a body other than the signed one");

            // the validator kept running and the mirror keeps following it
            long height = net.height("validator-1");
            TestNetwork.await("the mirror follows", Duration.ofSeconds(60), () -> net.height("mirror-1") >= height + 3);
            try (PeerNetwork client = new PeerNetwork(mirror, NetworkFiles.readPermissions(dir.resolve(NetworkFiles.PERMISSIONS)).nodes(),
                    (k, b, s) -> Bytes.EMPTY)) {
                Bytes status = client.request(to, PeerMessageKind.STATUS, Bytes.EMPTY).get(10, TimeUnit.SECONDS);
                assertTrue(status.size() > 0);
            }
            assertEquals(PeerNetwork.maxBodyFor(net.spec.gasLimit()), PeerNetwork.DEFAULT_MAX_BODY,
                    "the default gas limit allows the largest devp2p message");
            assertTrue(PeerNetwork.maxBodyFor(30_000_000) < 9L * 1024 * 1024, "a 30M gas block is at most 7.5 MB of calldata");
        }
    }

    record Outcome(int status, long written) {}

    /** Writes a request whose body has {@code length} bytes, counting what the server let through before answering. */
    private static Outcome send(int port, String auth, long length, boolean chunked) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            StringBuilder head = new StringBuilder("POST /p2p HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nContent-Type: application/octet-stream\r\n");
            head.append(chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + length + "\r\n");
            if (auth != null) {
                head.append(PeerAuth.HEADER).append(": ").append(auth).append("\r\n");
            }
            head.append("\r\n");
            AtomicLong written = new AtomicLong();
            Thread writer = Thread.ofVirtual().start(() -> {
                byte[] chunk = new byte[64 * 1024];
                byte[] chunkHead = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
                    while (written.get() < length) {
                        if (chunked) {
                            out.write(chunkHead);
                        }
                        out.write(chunk);
                        if (chunked) {
                            out.write(new byte[] {'\r', '\n'});
                        }
                        written.addAndGet(chunk.length);
                    }
                } catch (IOException e) {
                    // the server closed the connection: what was written so far is the count
                }
            });
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String statusLine = in.readLine();
            long atAnswer = written.get();
            socket.close();
            writer.join(30_000);
            assertTrue(statusLine != null && statusLine.startsWith("HTTP/1.1 "), String.valueOf(statusLine));
            return new Outcome(Integer.parseInt(statusLine.substring(9, 12)), atAnswer);
        }
    }

    private static int post(int port, String auth, Bytes body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/p2p")).header(PeerAuth.HEADER, auth)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toArrayUnsafe())).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
