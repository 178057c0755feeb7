package org.bcpki.gateway;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.bcpki.gateway.identity.TrustMode;
import org.bcpki.gateway.lmn.SerialSettings;
import org.bcpki.gateway.sml.SmlFrameDecoder;

/**
 * How a gateway runs: its meter lines, line settings, store directory, trust mode, and the WAN
 * listener ({@code wanPort} 0 picks a free port, -1 disables it).
 */
public record GatewayConfig(List<String> lmnPorts, SerialSettings serial, int maxFrameBytes, Duration idleTimeout,
        Path store, TrustMode trust, String wanHost, int wanPort, Duration requestWindow) {
    public GatewayConfig {
        lmnPorts = List.copyOf(lmnPorts);
        if (lmnPorts.stream().distinct().count() != lmnPorts.size()) {
            throw new IllegalArgumentException("each LMN port may be given once (one reader per port): " + lmnPorts);
        }
    }

    public static GatewayConfig defaults(List<String> lmnPorts, Path store, TrustMode trust, int wanPort) {
        return new GatewayConfig(lmnPorts, SerialSettings.SML_DEFAULT, SmlFrameDecoder.DEFAULT_MAX_FRAME_BYTES,
                Duration.ofMillis(500), store, trust, "127.0.0.1", wanPort, Duration.ofSeconds(60));
    }
}
