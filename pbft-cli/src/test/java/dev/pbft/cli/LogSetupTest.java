package dev.pbft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import org.junit.jupiter.api.Test;

class LogSetupTest {
    @Test
    void theLevelVariableSetsTheRootLevelAndNonsenseFallsBackToInfo() {
        assertEquals(Level.INFO, LogSetup.rootLevel(null));
        assertEquals(Level.INFO, LogSetup.rootLevel(" "));
        assertEquals(Level.DEBUG, LogSetup.rootLevel("debug"));
        assertEquals(Level.WARN, LogSetup.rootLevel(" WARN "));
        assertEquals(Level.INFO, LogSetup.rootLevel("loud"));
    }

    @Test
    void configuresOneStderrAppenderAndQuietNetty() {
        LoggerContext context = new LoggerContext();
        LogSetup setup = new LogSetup();
        setup.setContext(context);
        assertEquals(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, setup.configure(context));
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertNotNull(root.getAppender("STDERR"));
        assertEquals(Level.WARN, context.getLogger("io.netty.channel").getEffectiveLevel());
    }

    @Test
    void isTheConfiguratorLogbackFindsOnTheClasspath() {
        var found = java.util.ServiceLoader.load(Configurator.class).stream().map(p -> p.type()).toList();
        assertEquals(java.util.List.of(LogSetup.class), found);
    }
}
