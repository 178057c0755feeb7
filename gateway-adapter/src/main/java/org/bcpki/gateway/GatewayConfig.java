package org.bcpki.gateway;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.bcpki.gateway.identity.TrustMode;
import org.bcpki.gateway.install.InstallSettings;
import org.bcpki.gateway.lmn.SerialSettings;
import org.bcpki.gateway.sml.SmlFrameDecoder;

/**
 * How a gateway runs: its meter lines, line settings, store directory, trust mode, the WAN
 * listener ({@code wanPort} 0 picks a free port, -1 disables it), and whether it accepts installs
 * over the WAN ({@code installs} null: it does not).
 */
public record GatewayConfig(List<String> lmnPorts, SerialSettings serial, int maxFrameBytes, Duration idleTimeout,
        Path store, TrustMode trust, String wanHost, int wanPort, Duration requestWindow, InstallSettings installs) {
    public GatewayConfig {
        lmnPorts = List.copyOf(lmnPorts);
        if (lmnPorts.stream().distinct().count() != lmnPorts.size()) {
            throw new IllegalArgumentException("each LMN port may be given once (one reader per port): " + lmnPorts);
        }
    }

    public static GatewayConfig defaults(List<String> lmnPorts, Path store, TrustMode trust, int wanPort) {
        return new GatewayConfig(lmnPorts, SerialSettings.SML_DEFAULT, SmlFrameDecoder.DEFAULT_MAX_FRAME_BYTES,
                Duration.ofMillis(500), store, trust, "127.0.0.1", wanPort, Duration.ofSeconds(60), null);
    }

}
