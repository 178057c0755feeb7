package org.bcpki.chain.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.bcpki.chain.TestNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Besu's logging levels, the level reaching slf4j callers through log4j2, and the config.toml key. */
class NodeLoggingTest {
    private static final Logger LOG = LoggerFactory.getLogger("org.bcpki.chain.node.NodeLoggingTest");

    @AfterEach
    void restoreTheTestLevel() {
        NodeLogging.set("INFO");
    }

    @Test
    void parsesBesusLevelsCaseInsensitively() {
        for (String level : NodeLogging.LEVELS) {
            assertEquals(level.equals("FATAL") ? "ERROR" : level, NodeLogging.parse(level.toLowerCase()));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeLogging.parse("LOUD"));
        assertEquals("Unknown logging value: LOUD (use one of OFF, FATAL, ERROR, WARN, INFO, DEBUG, TRACE, ALL)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NodeLogging.parse(""));
        assertThrows(IllegalArgumentException.class, () -> NodeLogging.parse(null));
    }

    @Test
    void theLevelReachesSlf4jCallers() {
        NodeLogging.set("ERROR");
        assertEquals("ERROR", NodeLogging.current());
        assertFalse(LOG.isWarnEnabled());
        assertTrue(LOG.isErrorEnabled());
        NodeLogging.set("debug");
        assertTrue(LOG.isDebugEnabled());
        assertFalse(LOG.isTraceEnabled());
        NodeLogging.set("OFF");
        assertFalse(LOG.isErrorEnabled());
    }

    @Test
    void theConfigLoggingKeyIsApplied(@TempDir Path dir) {
        TestNetwork net = TestNetwork.create(dir, 1, 0, 200, 1000);
        try {
            net.setOption("validator-1", "logging", "\"WARN\"");
            net.start("validator-1");
            assertEquals("WARN", NodeLogging.current());
            assertFalse(LOG.isInfoEnabled());
            net.close();
            net.setOption("validator-1", "logging", "\"LOUD\"");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.start("validator-1"));
            assertTrue(e.getMessage().contains("config.toml: logging: Unknown logging value: LOUD"), e.getMessage());
            net.setOption("validator-1", "logging", "3");
            e = assertThrows(IllegalArgumentException.class, () -> net.start("validator-1"));
            assertTrue(e.getMessage().contains("logging must be a string"), e.getMessage());
        } finally {
            net.close();
        }
    }
}
